"""The one exception type the CLI turns into a single line on stderr, and the advice it gives for OS errors."""


class UserError(Exception):
    """Bad input or state that the person can fix; the message says what and how."""


def os_hint(exc: OSError, file: bool | None = None) -> str:
    """What a person can do about an OSError: the same advice wherever coopkg writes or reads."""
    import errno

    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "choose a file and folder you can write to"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "free some space or write somewhere else"
    # an error naming no file came from a socket (SERVICE, push), unless the caller knows it was a file
    return "check the path and its permissions" if (exc.filename if file is None else file) else "check the address and the network"


def cannot_write(what: str, exc: OSError) -> UserError:
    return UserError(f"cannot write {what}: {exc.strerror or exc}; {os_hint(exc, file=True)}")


def umask() -> int:
    """The process's umask (reading it means setting it; it is put back at once)."""
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask
