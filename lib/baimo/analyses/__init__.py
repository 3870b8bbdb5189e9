"""Each chapter's computations, one module per chapter: the chapter calls them and tells."""
