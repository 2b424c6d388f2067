# STAND-IN for the official redis image, for machines that cannot pull it (CI here): Debian's
# redis-server (7.0), data in /data, run as user redis, and — as in the official image, whose
# build turns protected mode off — reachable from other containers without a config file.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
# DL3008: a test stand-in takes bookworm's current package; SC2016: the entrypoint is written literally.
# hadolint ignore=DL3008,SC2016
RUN apt-get update \
 && apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown redis:redis /data \
 && printf '%s\n' '#!/bin/sh' 'if [ "$1" = redis-server ]; then shift; exec redis-server --protected-mode no "$@"; fi' 'exec "$@"' \
      >/usr/local/bin/docker-entrypoint.sh \
 && chmod 755 /usr/local/bin/docker-entrypoint.sh
LABEL org.opencontainers.image.title="standin-redis" \
      org.opencontainers.image.description="Test stand-in for the official redis image (Debian redis-server)"
VOLUME /data
WORKDIR /data
# DL3066: the Debian package picks the redis account's id; the name is what the image knows.
# hadolint ignore=DL3066
USER redis
EXPOSE 6379
# Like the official entrypoint: `redis-server ARGS...` (protected mode off, as the official build has it).
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["redis-server"]
