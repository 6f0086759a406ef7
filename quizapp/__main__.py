"""`python -m quizapp` is the `quizapp` command."""

from quizapp.cli import main

main()
