"""Classes: a teacher's groups of students, their join codes, and which quizzes each may see."""
