"""Limits shared by the models and the public forms."""

# Long enough for a detailed remark on a draft act; longer texts are attachments, sent by post or e-mail.
MAX_TEXT_LENGTH = 10_000
