"""E-mail pieces the forms share."""


def subject_line(text):
    """A subject on one line.

    Django refuses a header with a line break (BadHeaderError), which stops header injection but
    turns the submission into a server error after it was saved. A crafted POST can put a line
    break into the contact form's subject, an editor into a survey's title or e-mail subject.
    """
    return " ".join(str(text).split())
