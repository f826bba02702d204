"""The editor's screens over the main one, one module each with its stylesheet beside it (the
app lists the .tcss files in its CSS_PATH). May import the core and the widgets; never the app
or a controller: a screen dismisses with its answer and the caller acts on it."""
