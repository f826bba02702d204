"""Signing: is git signing configured (gpg or ssh), and is a commit's or a tag's signature valid.

itatui signs approvals and release tags itself (``-S`` / ``-s``) when a signing key is
configured (``user.signingkey``) or git is told to sign (``commit.gpgsign``/``tag.gpgSign``);
ordinary saves are signed by ``git commit`` under the same configuration. Verification uses
git's own (``%G?``, ``git verify-tag``), so ssh signatures need ``gpg.ssh.allowedSignersFile``.

Whose key signed: git names the signer — for ssh the principal of the allowed-signers line that
holds the key, for gpg the key's user id. A good signature whose signer does not name the
committer's (the approver's, the tagger's) e-mail is :data:`WRONG_SIGNER`, an error: an
approval by one officer signed with another officer's key proves nothing about the approver.
An ssh key in no line of the allowed-signers file is an unknown key (a warning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from itatui.core.history import History

GOOD, BAD, UNKNOWN_KEY, CANNOT_CHECK, UNSIGNED, EXPIRED, REVOKED = "G", "B", "U", "E", "N", "X", "R"
#: not one of git's letters: a good signature made with a key that belongs to someone else than
#: the committer (the approver, the tagger) — per the allowed-signers file (ssh: the principal
#: git found for the key) or the key's user id (gpg) — compared with the officer's e-mail
WRONG_SIGNER = "W"

LABELS = {
    "G": "ลายมือชื่อถูกต้อง",
    "U": "ลายมือชื่อถูกต้อง (ไม่ทราบความน่าเชื่อถือของกุญแจ)",
    "B": "ลายมือชื่อไม่ถูกต้อง",
    "X": "ลายมือชื่อหมดอายุ",
    "Y": "กุญแจที่ลงนามหมดอายุ",
    "R": "กุญแจที่ลงนามถูกเพิกถอน",
    "E": "ตรวจลายมือชื่อไม่ได้ (ไม่มีกุญแจหรือรายชื่อผู้ลงนาม)",
    "N": "ไม่ได้ลงนาม",
    "W": "ลงนามด้วยกุญแจของผู้อื่น",
}
#: an ssh key that is in no line of the allowed-signers file (git says U with no principal)
UNKNOWN_KEY_LABEL = "กุญแจที่ลงนามไม่อยู่ในรายชื่อผู้ลงนาม (ไม่ทราบว่าเป็นกุญแจของผู้ใด)"

#: what an auditor is told about a commit's signature (``itatui log``, the audit timeline):
#: the kind, and whether it is an error (red) or a warning
NONE, GOOD_KIND, WRONG_KIND, BAD_KIND, UNKNOWN_KIND, EXPIRED_KIND = (
    "none", "good", "wrong-signer", "bad", "unknown-key", "expired")
KIND_SEVERITY = {NONE: "", GOOD_KIND: "", WRONG_KIND: "error", BAD_KIND: "error",
                 UNKNOWN_KIND: "warning", EXPIRED_KIND: "warning"}
#: short Thai words for a log line
KIND_SHORT = {NONE: "ไม่ได้ลงนาม", GOOD_KIND: "ลงนามถูกต้อง", WRONG_KIND: "ลงนามด้วยกุญแจของผู้อื่น",
              BAD_KIND: "ลายมือชื่อไม่ถูกต้อง", UNKNOWN_KIND: "ไม่รู้จักกุญแจที่ลงนาม",
              EXPIRED_KIND: "กุญแจหมดอายุหรือถูกเพิกถอน"}


@dataclass
class Signature:
    status: str          # git's %G? letter, or W (:data:`WRONG_SIGNER`)
    signer: str = ""     # the ssh principal / gpg user id git found for the key
    key: str = ""
    expected: str = ""   # the e-mail of the officer who should have signed (when compared)

    @property
    def valid(self) -> bool:
        """A good signature by the officer's own key (or not compared with an officer)."""
        return self.status == GOOD or self.status == UNKNOWN_KEY and bool(self.signer)

    @property
    def signed(self) -> bool:
        return self.status != UNSIGNED

    @property
    def kind(self) -> str:
        """none | good | wrong-signer | bad | unknown-key | expired."""
        if self.status == UNSIGNED:
            return NONE
        if self.valid:
            return GOOD_KIND
        if self.status == WRONG_SIGNER:
            return WRONG_KIND
        if self.status in (BAD, REVOKED):
            return BAD_KIND
        if self.status in (EXPIRED, "Y"):
            return EXPIRED_KIND
        return UNKNOWN_KIND              # U without a principal, E

    @property
    def severity(self) -> str:
        """"error" (wrong signer, bad, revoked), "warning" (unknown key, cannot check,
        expired) or "" (good, unsigned)."""
        return KIND_SEVERITY[self.kind]

    @property
    def label(self) -> str:
        if self.status == WRONG_SIGNER:
            return (f"{LABELS[WRONG_SIGNER]} (กุญแจของ {self.signer}"
                    + (f" ไม่ใช่ของ {self.expected})" if self.expected else ")"))
        if self.status == UNKNOWN_KEY and not self.signer:
            return UNKNOWN_KEY_LABEL
        return LABELS.get(self.status, self.status)

    @property
    def short(self) -> str:
        """A few words for a log line (the signer named when it is someone else)."""
        if self.status == WRONG_SIGNER:
            return f"{KIND_SHORT[WRONG_KIND]} ({self.signer})"
        return KIND_SHORT[self.kind]

    def as_dict(self) -> dict:
        return {"status": self.status, "kind": self.kind, "valid": self.valid,
                "severity": self.severity, "label": self.label, "signer": self.signer,
                "key": self.key, "expected": self.expected}


def config(hist: History, key: str) -> str:
    rc, out, _ = hist.git_status("config", "--get", key)
    return out.strip() if rc == 0 else ""


def _true(value: str) -> bool:
    return value.lower() in ("true", "yes", "on", "1")


def signing_configured(hist: History) -> bool:
    return bool(config(hist, "user.signingkey")) or _true(config(hist, "commit.gpgsign")) \
        or _true(config(hist, "tag.gpgsign"))


_SIG_FORMAT = "%H%x1f%G?%x1f%GS%x1f%GK%x1f%ce%x1e"


def _identities(signer: str) -> set[str]:
    """The e-mails (or ssh principals) a signer string names: ``Name <a@b>`` (gpg), ``a@b``
    or ``a@b,c@d`` (ssh principals)."""
    found = set(re.findall(r"<([^<>\s]+)>", signer))
    if not found:
        found = {part.strip() for part in re.split(r"[,\s]+", signer) if part.strip()}
    return {f.casefold() for f in found}


def checked_against(sig: Signature, email: str) -> Signature:
    """``sig`` compared with the officer who should have signed (``email``): a good signature
    whose key belongs to someone else (per the allowed-signers file's principal or the gpg user
    id) becomes :data:`WRONG_SIGNER`."""
    email = (email or "").strip()
    if not email or sig.status not in (GOOD, UNKNOWN_KEY, WRONG_SIGNER) or not sig.signer:
        return sig
    if email.casefold() in _identities(sig.signer):
        return Signature(GOOD if sig.status == WRONG_SIGNER else sig.status, sig.signer,
                         sig.key, email)
    return Signature(WRONG_SIGNER, sig.signer, sig.key, email)


def _has_signature(hist: History, shas: list[str]) -> set[str]:
    """Which of ``shas`` carry a signature header (git says N for an ssh signature it cannot
    check, without an allowed-signers file)."""
    found = set()
    for i in range(0, len(shas), 2000):
        rc, out, _ = hist.git_status("log", "--no-walk=unsorted", "--format=raw",
                                     *shas[i:i + 2000], "--")
        if rc != 0:
            continue
        for block in ("\n" + out).split("\ncommit ")[1:]:
            sha, _, rest = block.partition("\n")
            if "\ngpgsig " in "\n" + rest.split("\n\n", 1)[0]:
                found.add(sha.strip())
    return found


def signatures(hist: History, shas: list[str],
               expected: dict[str, str] | None = None) -> dict[str, Signature]:
    """The signature of each commit of ``shas``, checked by git (one ``git log`` per 2000
    commits) and compared with its committer's e-mail, or with ``expected[sha]`` when given
    (the approver of an approval)."""
    out: dict[str, Signature] = {}
    cannot = []
    for i in range(0, len(shas), 2000):
        chunk = shas[i:i + 2000]
        rc, text, err = hist.git_status("log", "--no-walk=unsorted", f"--format={_SIG_FORMAT}",
                                        *chunk, "--")
        if rc != 0:
            for sha in chunk:
                out[sha] = Signature(CANNOT_CHECK)
            continue
        unsigned = []
        for row in text.split("\x1e"):
            parts = row.strip("\n").split("\x1f")
            if len(parts) < 5 or not parts[0]:
                continue
            sha, status, signer, key, committer = parts[:5]
            sig = Signature(status or UNSIGNED, signer, key)
            if sig.status == UNSIGNED:
                unsigned.append(sha)
            out[sha] = checked_against(sig, (expected or {}).get(sha) or committer)
        if "allowedsignersfile" in err.lower():     # git met ssh signatures it cannot check
            cannot += unsigned
    for sha in _has_signature(hist, cannot) if cannot else ():
        out[sha] = Signature(CANNOT_CHECK)
    return out


def commit_signature(hist: History, rev: str, email: str | None = None) -> Signature:
    """The signature of commit ``rev`` as git checks it, compared with ``email`` (default:
    the committer's): a good signature by another officer's key is :data:`WRONG_SIGNER`."""
    rc, out, _ = hist.git_status("log", "-1", "--format=%G?%x1f%GS%x1f%GK%x1f%ce", rev, "--")
    if rc != 0 or not out.strip():
        return Signature(CANNOT_CHECK)
    status, signer, key, committer = (out.strip("\n").split("\x1f") + ["", "", "", ""])[:4]
    if status in ("", UNSIGNED):
        # git says N for an ssh signature it cannot check (no allowedSignersFile)
        rc, body, _ = hist.git_status("cat-file", "commit", rev)
        head = body.split("\n\n", 1)[0]
        if rc == 0 and "\ngpgsig " in "\n" + head:
            return Signature(CANNOT_CHECK)
    return checked_against(Signature(status or UNSIGNED, signer, key),
                           committer if email is None else email)


def approval_signature_error(sig: Signature) -> bool:
    """Does this signature of an approval fail to show that the approver approved? Another
    officer's key, a bad or revoked signature, or an ssh key in no line of the allowed-signers
    file. Unsigned, expired, and a signature this machine cannot check (E: no allowed-signers
    file) are not errors here (``verify --history`` words them on its own)."""
    return sig.kind in (WRONG_KIND, BAD_KIND) or \
        sig.kind == UNKNOWN_KIND and sig.status != CANNOT_CHECK


def signer_mismatch(sig: Signature, email: str) -> bool:
    """A good signature made with a key that is not ``email``'s own (ssh principal or gpg
    uid without that e-mail)."""
    return checked_against(sig, email).status == WRONG_SIGNER


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
        tagger = re.search(r"^tagger [^<]*<([^>]*)>", body.split("\n\n", 1)[0], re.M)
        return checked_against(Signature(GOOD, signer), tagger.group(1) if tagger else "")
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
