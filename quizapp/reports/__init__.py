"""Progress for learners and reports for teachers."""
