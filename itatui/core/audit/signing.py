"""Signing: is git signing configured (gpg or ssh), and is a commit's or a tag's signature valid.

itatui signs approvals and release tags itself (``-S`` / ``-s``) when a signing key is
configured (``user.signingkey``) or git is told to sign (``commit.gpgsign``/``tag.gpgSign``);
ordinary saves are signed by ``git commit`` under the same configuration. Verification uses
git's own (``%G?``, ``git verify-tag``), so ssh signatures need ``gpg.ssh.allowedSignersFile``.
"""

from __future__ import annotations

from dataclasses import dataclass

from itatui.core.history import History

GOOD, BAD, UNKNOWN_KEY, CANNOT_CHECK, UNSIGNED, EXPIRED, REVOKED = "G", "B", "U", "E", "N", "X", "R"

LABELS = {
    "G": "ลายมือชื่อถูกต้อง",
    "U": "ลายมือชื่อถูกต้อง (ไม่ทราบความน่าเชื่อถือของกุญแจ)",
    "B": "ลายมือชื่อไม่ถูกต้อง",
    "X": "ลายมือชื่อหมดอายุ",
    "Y": "กุญแจที่ลงนามหมดอายุ",
    "R": "กุญแจที่ลงนามถูกเพิกถอน",
    "E": "ตรวจลายมือชื่อไม่ได้ (ไม่มีกุญแจหรือรายชื่อผู้ลงนาม)",
    "N": "ไม่ได้ลงนาม",
}


@dataclass
class Signature:
    status: str          # git's %G? letter
    signer: str = ""
    key: str = ""

    @property
    def valid(self) -> bool:
        return self.status in (GOOD, UNKNOWN_KEY)

    @property
    def signed(self) -> bool:
        return self.status != UNSIGNED

    @property
    def label(self) -> str:
        return LABELS.get(self.status, self.status)

    def as_dict(self) -> dict:
        return {"status": self.status, "valid": self.valid, "label": self.label,
                "signer": self.signer, "key": self.key}


def config(hist: History, key: str) -> str:
    rc, out, _ = hist.git_status("config", "--get", key)
    return out.strip() if rc == 0 else ""


def _true(value: str) -> bool:
    return value.lower() in ("true", "yes", "on", "1")


def signing_configured(hist: History) -> bool:
    return bool(config(hist, "user.signingkey")) or _true(config(hist, "commit.gpgsign")) \
        or _true(config(hist, "tag.gpgsign"))


def commit_signature(hist: History, rev: str) -> Signature:
    rc, out, _ = hist.git_status("log", "-1", "--format=%G?%x1f%GS%x1f%GK", rev, "--")
    if rc != 0 or not out.strip():
        return Signature(CANNOT_CHECK)
    status, signer, key = (out.strip("\n").split("\x1f") + ["", "", ""])[:3]
    if status in ("", UNSIGNED):
        # git says N for an ssh signature it cannot check (no allowedSignersFile)
        rc, body, _ = hist.git_status("cat-file", "commit", rev)
        head = body.split("\n\n", 1)[0]
        if rc == 0 and "\ngpgsig " in "\n" + head:
            return Signature(CANNOT_CHECK)
    return Signature(status or UNSIGNED, signer, key)


def signer_mismatch(sig: Signature, email: str) -> bool:
    """A good signature made with a key that is not the author's own (ssh principal or gpg
    uid without the author's e-mail)."""
    return sig.status == GOOD and bool(sig.signer) and \
        email.casefold() not in sig.signer.casefold()


def tag_signature(hist: History, tag: str) -> Signature:
    rc, body, _ = hist.git_status("cat-file", "tag", tag)
    if rc != 0:
        return Signature(UNSIGNED)         # a lightweight tag: nothing to sign
    if "-----BEGIN" not in body:
        return Signature(UNSIGNED)
    rc, out, err = hist.git_status("verify-tag", "--raw", tag)
    text = out + err
    if rc == 0:
        signer = ""
        for line in text.splitlines():
            if "Good" in line and "signature for" in line:
                signer = line.split("signature for", 1)[1].split(" with ")[0].strip()
            elif line.startswith("[GNUPG:] GOODSIG"):
                signer = line.split(None, 3)[-1]
        return Signature(GOOD, signer)
    low = text.lower()
    if ("allowedsignersfile" in low or "no public key" in low or "no principal matched" in low
            or "can't check signature" in low or "cannot" in low and "verify" in low):
        return Signature(CANNOT_CHECK)
    return Signature(BAD)


def sign_flag(hist: History, for_tag: bool = False) -> list[str]:
    """``-S`` for ``git commit`` / ``-s`` for ``git tag`` when signing is configured."""
    if not signing_configured(hist):
        return []
    return ["-s"] if for_tag else ["-S"]
