"""Readers' email addresses in the admin: shown only to those whose work needs them, and
never without a record of who saw them.

An address is a reader's to give, not the newsroom's to browse: editors and writers (who pick
bylines from the staff list) never see one. The permission `core.view_reader_email` shows them
(the Moderator role has it: moderators answer for comments and ban addresses; superusers have
every permission), and each admin page that shows readers' addresses writes one `AddressView`
row per reader shown: who saw whose address, on which page, when. The record names the reader
by account, never by address. Any app's admin uses `ReaderEmailAdminMixin`.
"""

from .models import AddressView

READER_EMAIL_PERMISSION = "core.view_reader_email"


def may_see_reader_emails(user):
    """True when `user`'s role lets them see readers' email addresses in the admin."""
    return bool(user and user.is_active and user.has_perm(READER_EMAIL_PERMISSION))


def addresses_seen(*, viewer, page, owners):
    """Record that `viewer` saw, on `page`, the addresses of `owners`: (account or None, name)
    pairs, one per reader (a guest has no account)."""
    unique = list(dict.fromkeys((account, whose) for account, whose in owners))
    AddressView.objects.bulk_create(
        AddressView(
            viewer=viewer,
            viewer_name=viewer.get_username()[:150],
            reader=account,
            whose=whose[:200],
            page=page[:200],
        )
        for account, whose in unique
    )
    return len(unique)


class ReaderEmailAdminMixin:
    """A ModelAdmin whose rows carry readers' email addresses.

    Staff without `core.view_reader_email` get no address column, no address form field and
    no search by address, and none of the rows whose name is their address
    (`name_shows_address`); staff with it see them, and every page that showed one (list,
    change page, history, delete confirmation) is recorded (`addresses_seen`). The admin says
    whose address a row shows in `address_owner()`.
    """

    #: Columns and form fields that show a reader's address.
    email_fields = ("email",)
    #: Search fields that match a reader's address.
    email_search_fields = ("email",)
    #: True when a row's name (str) holds the address, so pages titled with it show it too.
    name_shows_address = False

    def address_owner(self, obj):
        """(account or None, name) of the reader whose address `obj` shows; None when it shows
        no reader's address (no address, or a staff account's)."""
        raise NotImplementedError

    def _may_see_rows(self, request):
        # Rows named by their address (a follow, a subscription, a ban, a mail) cannot be shown
        # without it: the whole list is for roles that may see addresses.
        return not self.name_shows_address or may_see_reader_emails(request.user)

    def has_view_permission(self, request, obj=None):
        return self._may_see_rows(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self._may_see_rows(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._may_see_rows(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_see_rows(request) and super().has_delete_permission(request, obj)

    def _hide(self, request, names):
        if may_see_reader_emails(request.user):
            return list(names)
        shown = []
        for name in names:
            if isinstance(name, list | tuple):  # a row of fields in a fieldset
                row = tuple(field for field in name if field not in self.email_fields)
                if row:
                    shown.append(row)
            elif name not in self.email_fields:
                shown.append(name)
        return shown

    def get_list_display(self, request):
        return self._hide(request, super().get_list_display(request))

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if may_see_reader_emails(request.user):
            return fields
        return [name for name in fields if name not in self.email_search_fields]

    def get_fields(self, request, obj=None):
        return self._hide(request, super().get_fields(request, obj))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if may_see_reader_emails(request.user):
            return fieldsets
        return [
            (name, {**options, "fields": self._hide(request, options.get("fields", ()))})
            for name, options in fieldsets
        ]

    def _record(self, request, objects, page):
        owners = [owner for owner in map(self.address_owner, objects) if owner is not None]
        if owners:
            addresses_seen(viewer=request.user, page=page, owners=owners)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        changelist = context.get("cl")
        if not may_see_reader_emails(request.user):
            return response
        if changelist is not None and any(
            name in self.email_fields for name in changelist.list_display
        ):
            page = f"{self.opts.verbose_name_plural.capitalize()} list"
            self._record(request, changelist.result_list, page)
        elif self.name_shows_address and "deletable_objects" in context:
            # "Delete selected": the confirmation names each row, and a row's name may be
            # its address (a follow, a subscription, a ban, a mail).
            page = f"Delete {self.opts.verbose_name_plural} confirmation"
            self._record(request, context["queryset"], page)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        context = getattr(response, "context_data", None) or {}
        obj = context.get("original")
        if (
            obj is not None
            and may_see_reader_emails(request.user)
            and any(name in self.email_fields for name in self._shown_fields(request, obj))
        ):
            self._record(request, [obj], f"{self.opts.verbose_name.capitalize()} #{obj.pk} page")
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        self._record_named(request, response, "history")
        return response

    def delete_view(self, request, object_id, extra_context=None):
        response = super().delete_view(request, object_id, extra_context)
        self._record_named(request, response, "delete confirmation")
        return response

    def _record_named(self, request, response, what):
        """A page titled with the row's name, which may be its address (a follow's, a mail's)."""
        obj = (getattr(response, "context_data", None) or {}).get("object")
        if obj is not None and self.name_shows_address and may_see_reader_emails(request.user):
            self._record(request, [obj], f"{self.opts.verbose_name.capitalize()} #{obj.pk} {what}")

    def _shown_fields(self, request, obj):
        return [
            name
            for _title, options in self.get_fieldsets(request, obj)
            for name in _flatten(options.get("fields", ()))
        ]


def _flatten(fields):
    for field in fields:
        if isinstance(field, list | tuple):
            yield from field
        else:
            yield field
