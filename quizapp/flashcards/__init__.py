"""Flashcards: self-study scheduled by FSRS, sharing one memory model with quizzes."""
