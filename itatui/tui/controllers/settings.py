"""F10: the settings screen (officer's name and e-mail, theme, digits), saved to the user's
config file and used at once."""

from __future__ import annotations

from itatui.core.config import Config
from itatui.core.errors import ItatuiError
from itatui.tui.protocol import EditorHost


def open_settings(host: EditorHost) -> None:
    from itatui.tui.screens.settings import SettingsScreen

    if isinstance(host.screen, SettingsScreen):
        return
    try:
        config = host.config
    except ItatuiError:
        config = Config()
    themes = sorted(host.available_themes)

    def saved(cfg) -> None:
        if cfg is None:
            return
        from itatui.core.config import save_config

        try:
            save_config(cfg)
        except (ItatuiError, OSError) as exc:
            host.notify(f"บันทึกการตั้งค่าไม่ได้ ({exc})", severity="error")
            return
        host.apply_config(cfg)
        if cfg.theme in host.available_themes:
            host.theme = cfg.theme
        host.notify(f"บันทึกการตั้งค่าแล้ว: {cfg.path}", title="ตั้งค่า")
        host.schedule_preview(0)

    from itatui.core.identity import git_officer

    from itatui.publishing.export import export_folder

    host.push_screen(SettingsScreen(config, themes, git_officer(host.root),
                                    str(export_folder(host.root))), saved)
