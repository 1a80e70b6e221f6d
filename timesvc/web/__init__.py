"""The HTTP application's pure parts, as the restructure moves them here: for now the clock page's HTML."""
