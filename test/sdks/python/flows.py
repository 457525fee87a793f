"""The seed flows through the generated Python client (customers_api), against a running sandbox.

Reads SANDBOX_URL, API_KEY, API_SECRET, INDIVIDUAL_ID and BUSINESS_ID from the environment and
prints one JSON report of what the client returned; test/sdks/sdks.test.ts checks it. Only the
standard library and the generated package are used (no pytest).
"""

import dataclasses
import json
import os
import sys
import time
from typing import Any, Dict, List, Optional

import customers_api
from customers_api import AccessTokenRequest, ApiError, Client


def wire(value: Any) -> Any:
    """A decoded model back in its wire shape (JSON names, nulls kept), to check it against the spec."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = getattr(type(value), "_field_map", {})
        return {names.get(f.name, f.name): wire(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [wire(item) for item in value]
    if isinstance(value, dict):
        return {key: wire(item) for key, item in value.items()}
    return getattr(value, "value", value)


def settled_recorder(calls: List[Dict[str, Any]]) -> Dict[str, Any]:
    """A middleware whose on_settled hook keeps each call's attempts and final response."""

    def on_settled(_context: Dict[str, Any], call: Dict[str, Any]) -> None:
        calls.append(call)

    return {"on_settled": on_settled}


def failure(error: ApiError, response: Optional[Any]) -> Dict[str, Any]:
    """What a caller can read off an error: status, the body's code and requestId, headers."""
    body = error.body if isinstance(error.body, dict) else {}
    out: Dict[str, Any] = {
        "status": error.status,
        "code": body.get("code"),
        "message": body.get("message"),
        "requestId": body.get("requestId"),
    }
    if response is not None:
        out["headerRequestId"] = response.headers.get("x-request-id")
        out["retryAfter"] = response.headers.get("retry-after")
    return out


def call(fn: Any, calls: List[Dict[str, Any]]) -> Dict[str, Any]:
    """Runs one client call; reports its typed result, or the ApiError it raised."""
    before = len(calls)
    started = time.monotonic()
    try:
        result = fn()
        out: Dict[str, Any] = {"ok": True, "value": result}
    except ApiError as error:
        response = calls[-1]["response"] if len(calls) > before else None
        out = {"ok": False, **failure(error, response)}
    out["attempts"] = calls[-1]["attempts"] if len(calls) > before else None
    out["elapsedMs"] = int((time.monotonic() - started) * 1000)
    return out


def main() -> int:
    url = os.environ["SANDBOX_URL"]
    individual = os.environ["INDIVIDUAL_ID"]
    business = os.environ["BUSINESS_ID"]
    calls: List[Dict[str, Any]] = []
    recorder = settled_recorder(calls)
    report: Dict[str, Any] = {"module": customers_api.__file__, "version": customers_api.__version__}

    anonymous = Client(url, middleware=[recorder])
    exchange = call(
        lambda: anonymous.create_access_token(
            AccessTokenRequest(api_key=os.environ["API_KEY"], api_secret=os.environ["API_SECRET"])
        ),
        calls,
    )
    token = exchange.pop("value", None)
    report["exchange"] = {
        **exchange,
        "tokenType": getattr(token, "token_type", None),
        "expiresIn": getattr(token, "expires_in", None),
        "hasToken": bool(getattr(token, "access_token", "")),
    }
    if token is None:
        print(json.dumps(report))
        return 1

    retry = {"retries": 2, "retry_delay": 0.05}
    client = Client(url, auth={"bearer": token.access_token}, middleware=[recorder], retry=retry)

    def typed(outcome: Dict[str, Any]) -> Dict[str, Any]:
        value = outcome.pop("value", None)
        if value is not None:
            outcome["body"] = wire(value)
            outcome["type"] = type(value).__name__
        return outcome

    report["businessDelete"] = typed(call(lambda: client.delete_business_customer(business), calls))
    report["businessRepeat"] = typed(call(lambda: client.delete_business_customer(business), calls))
    first = call(lambda: client.delete_customer(individual), calls)
    second = call(lambda: client.delete_customer(individual), calls)
    same = first.get("value") is not None and first.get("value") == second.get("value")
    report["individualFirst"] = typed(first)
    report["individualSecond"] = typed(second)
    report["individualSameBody"] = same
    report["wrongType"] = typed(call(lambda: client.delete_customer(business), calls))
    report["noCredentials"] = typed(call(lambda: anonymous.delete_customer(individual), calls))
    report["retried503"] = typed(
        call(lambda: client.delete_customer(individual, headers={"Prefer": "code=503"}), calls)
    )
    report["rateLimited"] = typed(
        call(
            lambda: client.delete_customer(individual, headers={"Prefer": "code=429"}, retry={"retries": 0}),
            calls,
        )
    )
    report["rateLimitedRetried"] = typed(
        call(
            lambda: client.delete_customer(individual, headers={"Prefer": "code=429"}, retry={"retries": 1}),
            calls,
        )
    )
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
