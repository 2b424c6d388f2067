# STAND-IN for the official nginx image, for machines that cannot pull it (CI here): Debian's nginx
# (1.22) and curl, the same paths (/etc/nginx/nginx.conf, /etc/nginx/conf.d), logs to stdout/stderr,
# `nginx -g 'daemon off;'` in the foreground.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends nginx curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/* \
 && ln -sf /dev/stdout /var/log/nginx/access.log \
 && ln -sf /dev/stderr /var/log/nginx/error.log
LABEL org.opencontainers.image.title="standin-nginx" \
      org.opencontainers.image.description="Test stand-in for the official nginx image (Debian nginx)"
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
