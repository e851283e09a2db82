"""make desk: start the editing desk (kb.desk) and print its address;
make desk-user NAME=…: add a user, asking for the password."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from kb.cli import ROOT

LOCAL = ("127.0.0.1", "localhost", "::1")


def _add_user(root: Path, name: str) -> int:
    from kb.desk.auth import add_user

    if not name:
        print("用法: make desk-user NAME=用户名", file=sys.stderr)
        return 2
    if sys.stdin.isatty():
        password = getpass.getpass(f"为「{name}」设置密码（至少 10 个字符）: ")
        if getpass.getpass("再输入一次: ") != password:
            print("错误: 两次输入的密码不一样，没有改动", file=sys.stderr)
            return 1
    else:  # a password piped in (an administrator's script)
        password = sys.stdin.readline().rstrip("\n")
    message = add_user(root, name, password)
    print(message, file=sys.stderr if message.startswith("错误") else sys.stdout)
    return 1 if message.startswith("错误") else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="编辑台：在浏览器里编辑案例、课程、手册、术语和来源")
    parser.add_argument("command", nargs="?", default="serve", choices=["serve", "user"])
    parser.add_argument("name", nargs="?", default="")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--root", default=str(ROOT))
    parser.add_argument("--steps", default="site,teacher,pdf,offline",
                        help="「发布」做哪些步骤，用逗号分隔：site、teacher、pdf、offline")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    if args.command == "user":
        return _add_user(root, args.name)

    from kb.desk.auth import USERS_FILE, read_users

    if args.host in ("0.0.0.0", "::"):
        # Browsers would then send the machine's real address, which the desk's
        # host check (against DNS rebinding) cannot know: ask for it instead.
        print("错误: 请写这台电脑在局域网里的地址，例如 make desk HOST=192.168.1.20"
              "（在 Windows 的命令提示符里运行 ipconfig 可以看到），不要写 0.0.0.0", file=sys.stderr)
        return 2
    if args.host not in LOCAL and not read_users(root):
        print(f"错误: 编辑台要在 {args.host} 上供其他电脑使用，必须先设置用户：make desk-user NAME=用户名"
              f"（会生成 {USERS_FILE}）。只在本机使用时不写 HOST。", file=sys.stderr)
        return 2
    import uvicorn

    from kb.desk.app import create_app

    from kb.desk.publish import STEPS, steps_for

    names = [n.strip() for n in args.steps.split(",") if n.strip()]
    unknown = [n for n in names if n not in STEPS]
    if unknown:
        print(f"错误: 不认识的步骤「{'、'.join(unknown)}」：可用 {'、'.join(STEPS)}", file=sys.stderr)
        return 2
    app = create_app(root, args.host, args.port, steps_for(root, names))
    shown = "127.0.0.1" if args.host in LOCAL else args.host
    print(f"编辑台已启动：请用浏览器打开 http://{shown}:{args.port}/ （关闭这个窗口或按 Ctrl+C 停止）", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
