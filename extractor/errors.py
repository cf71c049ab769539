"""Errors with stable codes: a bad input names the file and the cause."""

from __future__ import annotations

from pathlib import Path

# Stable codes (machines key on them) and the Chinese reason shown to users.
ERROR_CODES: dict[str, str] = {
    "file_not_found": "文件不存在",
    "not_a_file": "不是普通文件",
    "empty_file": "文件为空",
    "file_too_large": "文件过大",
    "unsupported_format": "不支持的文件格式",
    "wrong_extension": "文件内容与扩展名不符",
    "corrupt_file": "文件已损坏，无法读取",
    "zip_bomb": "压缩内容解压后过大（疑似压缩炸弹）",
    "encrypted": "文件已加密，无法读取",
    "no_text_layer": "PDF 没有文字层（扫描件）",
    "unreadable_encoding": "无法识别的文本编码",
    "too_many_pages": "页数超过上限",
    "limit_exceeded": "超过处理上限",
    "converter_missing": "缺少格式转换程序",
    "conversion_failed": "格式转换失败",
    "timeout": "处理超时",
    "worker_crashed": "处理进程意外退出",
    "out_of_memory": "处理所需内存超过上限",
    "internal_error": "内部错误",
}


class ReadError(Exception):
    """A document that cannot be read, with a stable code and a specific reason."""

    def __init__(self, path: str | Path, code: str, detail: str) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown error code {code!r}")
        self.path = str(path)
        self.code = code
        self.detail = detail
        super().__init__(f"{self.path}: {ERROR_CODES[code]} ({code}): {detail}")
