"""The editor's widgets, one module each with its stylesheet beside it (DEFAULT_CSS in the class,
or a .tcss file the app lists in its CSS_PATH). May import the core and the editor's base
(messages, thai_text); a widget tells the app what happened with a message, never a call."""
