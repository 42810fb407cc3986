"""One screen a file. Screens other than Log are imported when first shown."""
