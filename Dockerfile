# gongwen in a container: one static binary, fonts inside it (the Fandol and
# Noto fonts of fonts/embedded are embedded at build time; `gongwen fonts
# --licenses` prints their licences, copied here too), run as a non-root user.
#
#   docker build -t gongwen --build-arg VERSION=$(git describe --always) .
#   docker run --rm -v "$PWD:/work" gongwen convert -o out samples
#   docker run --rm gongwen worker --nats nats://broker:4222 -j 2
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=devel
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/gongwen ./cmd/gongwen \
 && /out/gongwen version && /out/gongwen fonts > /dev/null

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/gongwen /usr/local/bin/gongwen
COPY fonts/embedded/NOTICE.txt fonts/embedded/LICENSE-*.txt fonts/embedded/README-Fandol.txt /usr/share/doc/gongwen/fonts/
# uid 65532 (nonroot). Workers keep documents in memory: a read-only root
# file system is fine (the Kubernetes manifests set one).
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/gongwen"]
CMD ["--help"]
