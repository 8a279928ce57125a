"""moto_server for the local sandbox, with Organization member account ids taken from the config.

moto's CreateAccount draws random 12-digit ids; the sandbox needs the ids the access config names, so
this launcher makes CreateAccount hand out SANDBOX_ACCOUNT_IDS (comma-separated) in order before falling
back to random ids. Only CreateAccount is affected (CreateOrganization also draws an id, then overwrites
it with the management account's). Everything else is stock moto. Usage: python3 serve.py -H 127.0.0.1 -p 5000
"""
import os
import sys
import threading

from moto.organizations import utils
from moto.organizations.models import OrganizationsBackend

_queue = [i for i in os.environ.get("SANDBOX_ACCOUNT_IDS", "").split(",") if i]
_random_account_id = utils.make_random_account_id
_create_account = OrganizationsBackend.create_account
_lock = threading.Lock()


def _create_account_with_configured_id(self, **kwargs):
    with _lock:
        utils.make_random_account_id = lambda: _queue.pop(0) if _queue else _random_account_id()
        try:
            return _create_account(self, **kwargs)
        finally:
            utils.make_random_account_id = _random_account_id


OrganizationsBackend.create_account = _create_account_with_configured_id

from moto.server import main  # noqa: E402  (after the patch on purpose)

if __name__ == "__main__":
    sys.exit(main())
