"""Teachers' pages: importing question banks and browsing decks."""
