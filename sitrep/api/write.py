"""Write endpoints: extract one article, ingest one article. Off unless the server has a token."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from sitrep.api.schemas import ArticleIn, IngestResult
from sitrep.models import Article, ExtractionResult

router = APIRouter()

DISABLED = "write endpoints are disabled: start the server with --token"

_BODY_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "JSON ArticleIn, or the article itself as text/plain or text/html "
        "(metadata then in the query: published, source, title, url).",
        "content": {
            "application/json": {"schema": ArticleIn.model_json_schema()},
            "text/plain": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
        },
    }
}
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Body is not valid JSON or not UTF-8."},
    401: {"description": "Token missing or wrong."},
    403: {"description": "The server was started without a token."},
    413: {"description": "Body larger than the server's limit."},
    422: {"description": "Empty text, bad date or unreadable article."},
}


def require_token(request: Request) -> None:
    """403 when the server has no token; 401 unless ``Authorization: Bearer TOKEN`` matches."""
    expected = request.app.state.ctx.token
    if expected is None:
        raise HTTPException(403, DISABLED)
    if not request.headers.get("authorization", ""):
        raise HTTPException(
            401, "missing token: send 'Authorization: Bearer TOKEN'", {"WWW-Authenticate": "Bearer"}
        )
    if not token_matches(request):
        raise HTTPException(401, "wrong token", {"WWW-Authenticate": "Bearer"})


def token_matches(request: Request) -> bool:
    """Whether the request carries the server's token (``Authorization: Bearer TOKEN``)."""
    expected = request.app.state.ctx.token
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return (
        expected is not None
        and scheme.lower() == "bearer"
        and secrets.compare_digest(given.strip().encode(), expected.encode())
    )


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) one larger than ``limit`` bytes, declared or actual."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise HTTPException(400, f"bad Content-Length header: {declared!r}") from None
        if size > limit:
            raise HTTPException(413, f"request body too large: {size} bytes (limit {limit})")
    chunks: list[bytes] = []
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise HTTPException(413, f"request body too large: more than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _date(value: str | None, name: str) -> dt.date | None:
    if value is None or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise HTTPException(422, f"{name}: not a date: {value!r} (expected YYYY-MM-DD)") from None


async def parse_article_input(request: Request) -> ArticleIn:
    """JSON ``ArticleIn`` or a raw text/html body with metadata in the query string."""
    raw = await read_body(request, request.app.state.ctx.max_body)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not raw.strip():
        raise HTTPException(
            422, 'empty body: send JSON {"text": ...} or the article as text/plain or text/html'
        )
    if ctype == "application/json" or ctype.endswith("+json"):
        data = _json_body(raw)
        if not isinstance(data, dict):
            raise HTTPException(422, 'JSON body must be an object like {"text": "..."}')
        if "text" not in data:
            raise HTTPException(422, 'JSON body has no "text" field')
        try:
            item = ArticleIn.model_validate(data)
        except ValidationError as exc:
            msgs = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
            raise HTTPException(422, "invalid article: " + "; ".join(msgs)) from None
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPException(400, "body is not UTF-8 text") from None
        q = request.query_params
        fmt = "html" if ctype == "text/html" else "text" if ctype == "text/plain" else "auto"
        try:
            item = ArticleIn(
                text=text,
                published=_date(q.get("published"), "published"),
                source=q.get("source") or None,
                title=q.get("title") or None,
                url=q.get("url") or None,
                format=fmt,
            )
        except ValidationError as exc:
            msgs = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
            raise HTTPException(422, "invalid article: " + "; ".join(msgs)) from None
    for name in ("text", "source", "title", "url"):
        _valid_unicode(name, getattr(item, name))
    _plausible_published(item.published)
    if not item.text.strip():
        raise HTTPException(422, "text is empty")
    return item


def _json_body(raw: bytes) -> Any:
    """The parsed JSON body; 400 with a message for anything that is not plain JSON."""
    try:
        return json.loads(raw)
    except UnicodeDecodeError:
        raise HTTPException(400, "invalid JSON: the body is not UTF-8") from None
    except RecursionError:
        raise HTTPException(400, "invalid JSON: nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise HTTPException(400, f"invalid JSON: {exc}") from None
    except ValueError:  # an integer of more than 4300 digits
        raise HTTPException(400, "invalid JSON: a number has too many digits") from None


EARLIEST_PUBLISHED = dt.date(1800, 1, 1)
FUTURE_PUBLISHED_DAYS = 366


def _plausible_published(day: dt.date | None) -> None:
    """422 for a publication date before 1800 or more than a year after today: a typo that
    would stretch every date range of the data (and its day-by-day map) to the calendar's end."""
    if day is None:
        return
    latest = dt.date.today() + dt.timedelta(days=FUTURE_PUBLISHED_DAYS)
    if day < EARLIEST_PUBLISHED:
        raise HTTPException(422, f"published: {day} is before {EARLIEST_PUBLISHED}")
    if day > latest:
        raise HTTPException(422, f"published: {day} is more than a year after today ({latest} at the latest)")


def _valid_unicode(name: str, value: str | None) -> None:
    """422 for text that cannot be stored or sent on: lone surrogates (JSON ``\\ud800``), NUL."""
    if value is None:
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = value[exc.start]
        raise HTTPException(
            422, f"{name}: contains a lone surrogate (U+{ord(bad):04X}), which is not a character"
        ) from None
    if "\x00" in value:
        raise HTTPException(422, f"{name}: contains a NUL character")


async def extract_article(request: Request, article: Article) -> ExtractionResult | None:
    """The extraction of ``article``: in the server's child process when it has one (None
    when the client leaves meanwhile), else in a worker thread."""
    ctx = request.app.state.ctx
    if ctx.extractor is not None:
        from sitrep.api.worker import ClientGone

        try:
            return await ctx.extractor.extract(article, request)
        except ClientGone:
            return None
    return await run_in_threadpool(ctx.pipeline.extract, article)


def to_article(item: ArticleIn) -> Article:
    from sitrep.ingest import from_text

    return from_text(
        item.text,
        fmt=item.format,
        published=item.published,
        source=item.source,
        title=item.title,
        url=item.url,
    )


@router.post(
    "/extract",
    dependencies=[Depends(require_token)],
    openapi_extra=_BODY_DOC,
    responses=_ERRORS,
    tags=["write"],
)
async def extract(
    request: Request,
    include_unexported: Annotated[
        bool, Query(description="Also return planned, predicted and negated events.")
    ] = False,
) -> Any:
    """Extract one article: the codebook §5 JSON (document, events, claims). Stores nothing."""
    item = await parse_article_input(request)
    article = await run_in_threadpool(to_article, item)
    result = await extract_article(request, article)
    if result is None:
        return Response(status_code=499)  # the client has gone
    return result.contract(include_unexported=include_unexported)


@router.post(
    "/articles",
    dependencies=[Depends(require_token)],
    openapi_extra=_BODY_DOC,
    responses={**_ERRORS, 200: {"description": "Already in the database."}},
    status_code=201,
    response_model=IngestResult,
    tags=["write"],
)
async def ingest(request: Request) -> Response:
    """Ingest one article: extract it and store its events and claims (201; 200 if already there)."""
    item = await parse_article_input(request)
    ctx = request.app.state.ctx
    article = await run_in_threadpool(to_article, item)
    result = await extract_article(request, article)
    if result is None:
        return Response(status_code=499)  # the client has gone: nothing stored

    def work() -> IngestResult:
        added = bool(ctx.store.add_extraction(article, result))
        exported = result.contract()
        return IngestResult(
            article_id=article.id, added=added, events=len(exported["events"]), claims=len(result.claims)
        )

    out = await run_in_threadpool(work)
    return JSONResponse(status_code=201 if out.added else 200, content=out.model_dump(mode="json"))
