"""The one exception type the CLI turns into a single line on stderr."""


class UserError(Exception):
    """Bad input or state that the person can fix; the message says what and how."""
