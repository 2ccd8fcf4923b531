# Kairos container image.
#
#   docker build -t kairos .
#   docker run --env-file .env -p 3000:3000 -v kairos-data:/data --stop-timeout 30 kairos
#
# One-off commands use the same image, since the entrypoint is the `kairos` CLI:
#   docker run --rm --env-file .env -v kairos-data:/data kairos migrate
#   docker run --rm kairos manifest --url https://your-host
#
# The image installs the exact versions in requirements.lock, checked against their hashes,
# so two builds of the same commit get the same dependencies. The lock covers the runtime
# dependencies of pyproject.toml for Python 3.11 on Linux; after changing those, regenerate
# it (pip-tools, Python 3.11, on Linux) and commit it with the change:
#   pip-compile --generate-hashes --strip-extras --no-emit-index-url \
#       --output-file=requirements.lock pyproject.toml
# tests/unit/test_packaging.py fails while a requirement of pyproject.toml is missing from
# the lock or pinned there at a version the requirement does not allow.
#
# Both stages use the same base image, so the virtualenv built in the first stage (whose
# interpreter links to /usr/local/bin/python3.11) works unchanged in the second.

# ---------------------------------------------------------------------------------------
# Builder: build Kairos's wheel and install it, with its dependencies, into /opt/venv.
# ---------------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_INPUT=1

RUN python -m venv /opt/venv

WORKDIR /src

# Dependencies first, from the lock file alone: this layer is rebuilt only when the lock
# changes, not on every source change. --require-hashes refuses any file whose hash is not
# in the lock, and any package the lock does not pin. All of them ship wheels for
# CPython 3.11 (psycopg-binary, cryptography, pydantic-core, numpy), so no compiler is needed.
COPY requirements.lock ./
RUN /opt/venv/bin/pip install --no-cache-dir --require-hashes -r requirements.lock

# Then Kairos itself, without dependencies (the lock installed them); pip check fails the
# build if the lock does not satisfy pyproject.toml. README.md is the package's readme,
# migrations/ is force-included into the wheel as bot/_migrations (see pyproject.toml), and
# hatch_build.py compiles the message catalogs into it, so all five are needed.
COPY pyproject.toml README.md hatch_build.py ./
COPY bot/ bot/
COPY migrations/ migrations/
# The last command checks that the installed package (-I: not the source in /src) finds
# its migrations and its compiled Dutch catalog, i.e. that they really are inside the wheel.
RUN /opt/venv/bin/pip wheel --no-cache-dir --no-deps --wheel-dir /tmp/wheels . \
    && /opt/venv/bin/pip install --no-cache-dir --no-deps /tmp/wheels/kairos-*.whl \
    && /opt/venv/bin/pip check \
    && /opt/venv/bin/python -I -c 'from bot.db.migrate import head_revision; head_revision(); \
from bot.i18n.catalog import LOCALE_DIR; assert (LOCALE_DIR / "nl/LC_MESSAGES/kairos.mo").is_file()'

# ---------------------------------------------------------------------------------------
# Runtime: the base image plus the virtualenv, run as an unprivileged user.
# ---------------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS runtime

LABEL org.opencontainers.image.title="Kairos" \
      org.opencontainers.image.description="An async-first Slack bot: focus hours, agenda nudges, meeting cleanup." \
      org.opencontainers.image.licenses="MIT"

# A fixed UID/GID, so that volume ownership is predictable (a bind-mounted /data must be
# writable by 10001) and orchestrators can verify the image does not run as root.
ARG KAIROS_UID=10001
ARG KAIROS_GID=10001
RUN groupadd --system --gid "${KAIROS_GID}" kairos \
    && useradd --system --uid "${KAIROS_UID}" --gid kairos \
        --home-dir /data --no-create-home --shell /usr/sbin/nologin kairos \
    && mkdir /data \
    && chown kairos:kairos /data

COPY --from=builder /opt/venv /opt/venv

# DATABASE_URL defaults to a SQLite file on the /data volume; set it to a postgresql:// URL
# for production (docker-compose.yml does). A relative sqlite:///kairos.db, as in
# .env.example, also lands in /data, since that is the working directory.
#
# HOME is set explicitly because slack_sdk needs a home directory at import time, and a
# container started with an arbitrary --user UID has no passwd entry to take it from.
ENV PATH="/opt/venv/bin:${PATH}" \
    HOME=/data \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////data/kairos.db \
    PORT=3000

WORKDIR /data
VOLUME ["/data"]

USER ${KAIROS_UID}:${KAIROS_GID}

# HTTP mode: Slack's requests on /slack/events. Socket Mode: /healthz only.
EXPOSE 3000

# /healthz answers 200 while the database answers, 503 otherwise; urlopen raises on 503
# and on a refused connection, so either makes the check fail. No curl in slim images.
# If you start it with `run --port N` instead of setting PORT, this check will not follow.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % (os.environ.get('PORT') or '3000'), timeout=4)"]

# uvicorn stops on SIGTERM: it stops accepting, lets in-flight requests finish (up to 20 s),
# then stops the scheduler and the Socket Mode connection. That is longer than Docker's
# default 10 s stop timeout: give it 30 s (`docker run --stop-timeout 30`, compose
# `stop_grace_period: 30s`). The exec-form ENTRYPOINT makes kairos PID 1, so it gets the
# signal directly.
STOPSIGNAL SIGTERM

ENTRYPOINT ["kairos"]

# `kairos run` applies pending database migrations before it starts serving, so no separate
# migration step is needed; `kairos migrate` remains available as a one-off command.
# Plain `run`, not `run --http`: `kairos run` chooses Socket Mode by itself when
# SLACK_APP_TOKEN is set and HTTP mode otherwise, while --http would force HTTP mode even
# with an app token. (In Socket Mode the HTTP server still answers /healthz.)
CMD ["run"]
