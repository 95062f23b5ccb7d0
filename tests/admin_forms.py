"""Fill an admin form the way a browser would, so tests post what the admin renders.

Reading the form from the page (rather than hard-coding its fields) keeps the
tests honest when fields or inlines are added: the posted data is whatever
the editor would have sent, plus the values a test types in.
"""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.fields = []  # (name, value) pairs, in page order
        self._select = None
        self._select_options = []
        self._textarea = None
        self._textarea_text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
            return
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs)
            self._select_options = []
        elif tag == "option" and self._select is not None:
            self._select_options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self._textarea = name
            self._textarea_text = []

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea_text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self._select is not None:
            name, multiple = self._select
            chosen = [value for value, selected in self._select_options if selected]
            if not chosen and not multiple and self._select_options:
                chosen = [self._select_options[0][0]]
            self.fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._textarea_text)
            # Browsers drop the newline that directly follows <textarea>.
            self.fields.append((self._textarea, text.removeprefix("\n")))
            self._textarea = None


def admin_form_data(html, form_id):
    """The form `form_id` on `html` as a dict ready for `client.post` (lists for repeats)."""
    parser = _FormParser(form_id)
    parser.feed(html)
    data = {}
    for name, value in parser.fields:
        if "__prefix__" in name:
            continue  # the hidden template for "Add another", never submitted as a form
        data.setdefault(name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}


def article_add_data(client, *, blocks=(), **fields):
    """What the article add page posts with `fields` typed in and `blocks` added inline."""
    response = client.get("/admin/articles/article/add/")
    assert response.status_code == 200
    data = admin_form_data(response.content.decode(), "article_form")
    data.update(fields)
    for index, block in enumerate(blocks):
        data.update({f"blocks-{index}-{name}": value for name, value in block.items()})
    data["blocks-TOTAL_FORMS"] = str(len(blocks))
    return data
