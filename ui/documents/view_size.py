"""How small the documents page may be: apart from its view, since the main window needs it before the page exists."""

MIN_SIZE = (780, 560)  # below this the two columns cannot both be read
