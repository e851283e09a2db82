"""Who may use the desk.

On 127.0.0.1 (the default) the desk serves only this computer. On any other
address it needs a users file (.desk-users.json, written by make desk-user):
passwords are stored as scrypt hashes, sessions live in HttpOnly SameSite
cookies, every change carries the session's CSRF token, failed logins are
rate-limited, and every write is logged with its user.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

USERS_FILE = ".desk-users.json"
LOG_FILE = ".desk-log.jsonl"
COOKIE = "kb_desk_session"
SESSION_SECONDS = 8 * 3600
NAME = re.compile(r"^[\w\u4e00-\u9fff·.-]{1,32}$")
# scrypt at n=2**14, r=8, p=1: about 16 MB and 50 ms per try, the usual
# interactive-login setting.
SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}
FAILS_ALLOWED, FAIL_WINDOW = 5, 600  # per address and per name


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        found = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), dklen=32,
                               n=int(n), r=int(r), p=int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found.hex(), digest)


def read_users(root: Path) -> dict[str, dict]:
    path = root / USERS_FILE
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data.get("users", {}) if isinstance(data, dict) else {}


def add_user(root: Path, name: str, password: str) -> str:
    """Add or change a user; returns the message to print."""
    if not NAME.match(name or ""):
        return "错误: 用户名只能用汉字、字母、数字和「-」「.」，最长 32 个字"
    if len(password) < 10:
        return "错误: 密码至少 10 个字符"
    users = read_users(root)
    known = name in users
    users[name] = {"hash": hash_password(password), "changed": time.strftime("%Y-%m-%d %H:%M")}
    path = root / USERS_FILE
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)  # a file left there keeps its own mode (or is a link): never reuse it
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)  # only this account may read it
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"users": users}, f, ensure_ascii=False, indent=2)
    os.replace(tmp, path)
    return f"已{'更新' if known else '添加'}用户「{name}」（{USERS_FILE}，密码以 scrypt 散列保存）"


@dataclass
class Session:
    user: str
    csrf: str
    expires: float


@dataclass
class Sessions:
    """Sessions in memory: a restart of the desk logs everyone out."""

    by_token: dict[str, Session] = field(default_factory=dict)
    fails: dict[str, list[float]] = field(default_factory=dict)

    def new(self, user: str) -> tuple[str, Session]:
        token = secrets.token_urlsafe(32)
        session = Session(user, secrets.token_urlsafe(32), time.time() + SESSION_SECONDS)
        self.by_token[token] = session
        return token, session

    def get(self, token: str | None) -> Session | None:
        session = self.by_token.get(token or "")
        if session and session.expires < time.time():
            del self.by_token[token]
            return None
        return session

    def end(self, token: str | None) -> None:
        self.by_token.pop(token or "", None)

    def blocked(self, *keys: str) -> bool:
        now = time.time()
        for key in keys:
            recent = [t for t in self.fails.get(key, []) if now - t < FAIL_WINDOW]
            self.fails[key] = recent
            if len(recent) >= FAILS_ALLOWED:
                return True
        return False

    def failed(self, *keys: str) -> None:
        for key in keys:
            self.fails.setdefault(key, []).append(time.time())


def log_write(root: Path, user: str, action: str, paths) -> None:
    entry = {"time": time.strftime("%Y-%m-%d %H:%M:%S"), "user": user, "action": action, "paths": list(paths)}
    with open(root / LOG_FILE, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")
