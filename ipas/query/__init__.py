"""Running queries: guard, killable executor, result formats, and the saved query registry."""
