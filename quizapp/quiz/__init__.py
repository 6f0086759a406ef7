"""Quiz mode: practice rounds and teacher-set quizzes, graded on the server."""
