"""The editor's work, out of the app (editing, saving, disk watching, structure, sync, recovery,
export, the side panel, settings). Each controller receives the app as an
:class:`itatui.tui.protocol.EditorHost`; it may import the core, the publishing layer, screens,
widgets and the editor's base (messages, background, protocol), never :mod:`itatui.tui.app`."""
