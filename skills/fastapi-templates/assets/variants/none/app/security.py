"""Who the caller is, in gateway mode (`--auth none`): the service's auth-mode boundary.

The service authenticates no one itself. An authenticating gateway (or mesh) in front of it checks
each caller and forwards the caller's stable id in IDENTITY_HEADER; that id becomes the Principal,
and owner scoping works as in the other modes. Trusting a header is safe only while both hold,
and the deployment must guarantee them (gateway and network rules belong to Jupiter):
- nothing but the gateway can reach this service (network policy, or mesh mTLS with an
  authorization policy that admits only the gateway), and
- the gateway deletes any IDENTITY_HEADER a client sent and sets its own on every request.
If the gateway can forward a signed token instead, use the oidc mode against the gateway's keys:
then a request that slips past the gateway cannot claim an identity.
"""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import APIKeyHeader
from pydantic import BaseModel

# Rename to the header your gateway sets after it authenticates the caller.
IDENTITY_HEADER = "X-Authenticated-User"
# Item.owner_id stores the id.
MAX_SUBJECT_LENGTH = 255
# What get_current_principal can answer; app.problems declares these on every protected operation.
AUTH_ERRORS = {401: "No caller identity from the gateway: the request did not pass through it."}


class AuthSettings(BaseModel):
    """The auth part of Settings: empty, because the gateway holds the credentials and keys."""


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller. ``subject`` is the id the gateway forwarded."""

    subject: str


# Declared in the spec as an apiKey header, so the contract says what the service reads. FastAPI
# answers a missing or empty header itself: 401 with WWW-Authenticate.
identity_header = APIKeyHeader(
    name=IDENTITY_HEADER,
    scheme_name="GatewayIdentity",
    description="Set by the authenticating gateway; a value sent by a client never arrives.",
)
IdentityDep = Annotated[str, Depends(identity_header)]


def get_current_principal(identity: IdentityDep) -> Principal:
    subject = identity.strip()
    if not subject or len(subject) > MAX_SUBJECT_LENGTH or not subject.isprintable():
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Invalid caller identity",
            headers={"WWW-Authenticate": "APIKey"},
        )
    return Principal(subject=subject)
