# OpenAI's error answers and the request checks that several routes share (containers and their files).

import json
import re
from urllib.parse import parse_qsl


class ApiError(Exception):
    """An error answered with OpenAI's error body."""

    def __init__(self, status, message, param=None, code=None, error_type="invalid_request_error", headers=None):
        super().__init__(message)
        self.status = status
        self.body = {"error": {"message": message, "type": error_type, "param": param, "code": code}}
        self.headers = headers or {}


def _type_name(value):
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "null"


def invalid_type(param, expected, value):
    return ApiError(400, "Invalid type for '%s': expected %s, but got %s instead." % (param, expected, _type_name(value)),
                    param=param, code="invalid_type")


def invalid_value(param, value, allowed):
    quoted = ["'%s'" % item for item in allowed]
    choices = " and ".join(quoted) if len(quoted) == 2 else ", ".join(quoted[:-1]) + ", and " + quoted[-1]
    return ApiError(400, "Invalid value: '%s'. Supported values are: %s." % (value, choices), param=param, code="invalid_value")


def list_query(query):
    """The query of a list request as (params, limit, order, after); 400 for a bad limit or order.

    Every list route of the API (containers, container files) takes limit 1..100 (default 20) and
    order asc/desc (default desc); the range is prose only in the spec, the API enforces it.
    """
    params = dict(parse_qsl(query, keep_blank_values=True))
    limit = params.get("limit", "20")
    if not re.match(r"^-?[0-9]+$", limit):
        raise ApiError(400, "Invalid type for 'limit': expected an integer, but got a string instead.",
                       param="limit", code="invalid_type")
    limit = int(limit)
    if limit < 1:
        raise ApiError(400, "Invalid 'limit': integer below minimum value. Expected a value >= 1, but got %d instead."
                       % limit, param="limit", code="integer_below_min_value")
    if limit > 100:
        raise ApiError(400, "Invalid 'limit': integer above maximum value. Expected a value <= 100, but got %d instead."
                       % limit, param="limit", code="integer_above_max_value")
    order = params.get("order", "desc")
    if order not in ("asc", "desc"):
        raise invalid_value("order", order, ("asc", "desc"))
    return params, limit, order, params.get("after")


def json_object(raw):
    """The JSON object of a request body; OpenAI's 400 when it is not one."""
    try:
        body = json.loads(raw.decode("utf-8")) if raw else None
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise ApiError(400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't "
                       "using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent "
                       "was not valid JSON.)")
    return body
