#!/usr/bin/env python3
"""make-warc.py - writes a small web archive of pages, as a crawler would,
for the tests of Gazette's WARC reader (t26).

  make-warc.py OUT [--gzip] [--cut-last] [--chunked] PAGE[=CHARSET]...

Records: a warcinfo; for each page a request and a response (HTTP 200,
text/html with the charset given, else utf-8; --chunked: the body in
HTTP chunks, gzip'd as servers send it); then a PNG image response, a 404
response and a metadata record, which hold no article.  --gzip writes each
record as its own gzip member (.warc.gz); --cut-last cuts the last member
in the middle, as a crawl stopped by a full disk leaves it.
"""
import argparse
import gzip
import os
import uuid

DATE = "2024-03-25T10:00:00Z"


def record(kind, uri, content_type, block):
    head = [
        "WARC/1.0",
        f"WARC-Type: {kind}",
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, kind + uri)}>",
        f"WARC-Date: {DATE}",
    ]
    if uri:
        head.append(f"WARC-Target-URI: {uri}")
    head += [f"Content-Type: {content_type}", f"Content-Length: {len(block)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def http_response(status, content_type, body, chunked=False):
    headers = [f"HTTP/1.1 {status}", f"Content-Type: {content_type}"]
    if chunked:
        body = gzip.compress(body)
        headers += ["Content-Encoding: gzip", "Transfer-Encoding: chunked"]
        out = b""
        for i in range(0, len(body), 100):
            part = body[i:i + 100]
            out += f"{len(part):x}\r\n".encode() + part + b"\r\n"
        body = out + b"0\r\n\r\n"
    else:
        headers.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("pages", nargs="+")
    ap.add_argument("--gzip", action="store_true")
    ap.add_argument("--cut-last", action="store_true")
    ap.add_argument("--chunked", action="store_true")
    args = ap.parse_args()
    recs = [record("warcinfo", "", "application/warc-fields", b"software: make-warc.py\r\n")]
    for spec in args.pages:
        path, _, charset = spec.partition("=")
        uri = "https://mekongwire.example/pages/" + os.path.basename(path)
        body = open(path, "rb").read()
        recs.append(record("request", uri, "application/http; msgtype=request",
                           f"GET /pages/{os.path.basename(path)} HTTP/1.1\r\nHost: mekongwire.example\r\n\r\n".encode()))
        recs.append(record("response", uri, "application/http; msgtype=response",
                           http_response("200 OK", f"text/html; charset={charset or 'utf-8'}", body,
                                         args.chunked)))
    recs.append(record("response", "https://mekongwire.example/rail.png",
                       "application/http; msgtype=response",
                       http_response("200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64))))
    recs.append(record("response", "https://mekongwire.example/missing",
                       "application/http; msgtype=response",
                       http_response("404 Not Found", "text/html", b"<html><body>Not found</body></html>")))
    recs.append(record("metadata", "https://mekongwire.example/pages/", "application/warc-fields",
                       b"outlink: https://mekongwire.example/\r\n"))
    with open(args.out, "wb") as f:
        for i, r in enumerate(recs):
            data = gzip.compress(r) if args.gzip else r
            if args.cut_last and i == len(recs) - 1:
                data = data[:len(data) // 2]
            f.write(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
