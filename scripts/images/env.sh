# Sourced by scripts/images/build.sh and tests/images/run.sh: where the image tooling keeps its
# state, and which podman configuration it uses. Everything lives under $SENTINEL_IMAGES_CACHE
# (default ~/.cache/sentinel-images): container storage, configuration, the base image tarball.
# To use podman by hand with the same images: `source scripts/images/env.sh`.
SENTINEL_IMAGES_CACHE=${SENTINEL_IMAGES_CACHE:-$HOME/.cache/sentinel-images}
export CONTAINERS_CONF=$SENTINEL_IMAGES_CACHE/containers.conf
export CONTAINERS_STORAGE_CONF=$SENTINEL_IMAGES_CACHE/storage.conf
# Node and npm put into the local base image. Node's version is the one the repository pins
# (the `node` devDependency in package-lock.json), so the images run what the tests ran.
NODE_VERSION=${NODE_VERSION:-24.21.0}
NPM_VERSION=${NPM_VERSION:-11.21.2}
DEBIAN_SUITE=bookworm
# Bump BASE_REVISION when the way the base is made changes: the cache key changes with it.
BASE_REVISION=1
BASE_KEY=$DEBIAN_SUITE-node$NODE_VERSION-npm$NPM_VERSION-r$BASE_REVISION
BASE_IMAGE_LOCAL=localhost/sentinel-base:$BASE_KEY
IMAGE_TAG=${IMAGE_TAG:-dev}
SENTINEL_IMAGES=(api worker scheduler controller migrate web)
