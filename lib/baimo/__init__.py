"""baimo."""
