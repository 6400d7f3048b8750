"""
Media in S3-compatible object storage (django-storages), tested against moto's server
mode: a real S3 API on loopback, spoken to over HTTP by the same boto3 code as production.
"""

import json
import os
import subprocess
import sys

import pytest
from django.core.files.storage import storages

from articles.photos.renditions import make_renditions
from bench.hosting import free_port
from tests.factories import make_article, make_photo

pytestmark = pytest.mark.django_db

BUCKET = "newsroom-media"


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_media(settings, s3_endpoint, monkeypatch):
    import boto3

    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "querystring_auth": False,
                "file_overwrite": True,
                "addressing_style": "path",
                "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            },
        },
    }
    storages._storages.pop("default", None)  # the storage is built once per alias
    yield client
    storages._storages.pop("default", None)
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_photos_and_renditions_go_to_the_bucket_and_pages_link_it(client, s3_media, s3_endpoint):
    photo = make_photo(size=(600, 400))
    make_renditions.call(photo.pk)
    photo.refresh_from_db()
    keys = {item["Key"] for item in s3_media.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert photo.image.name in keys
    avif = photo.rendition_index["16:9"]["avif"][0][2]
    assert avif in keys
    head = s3_media.head_object(Bucket=BUCKET, Key=avif)
    assert head["CacheControl"] == "public, max-age=31536000, immutable"

    article = make_article(lead_photo=photo)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'src="{s3_endpoint}/{BUCKET}/photos/' in html


def test_the_bucket_is_configured_from_the_environment():
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['default']))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_SECRET_KEY": "x" * 50,
        "NEWSROOM_S3_BUCKET": "news-media",
        "NEWSROOM_S3_ENDPOINT_URL": "https://minio.example.org",
        "NEWSROOM_S3_ADDRESSING_STYLE": "path",
    }
    found = json.loads(
        subprocess.run(  # noqa: S603
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout
    )
    assert found["BACKEND"] == "storages.backends.s3.S3Storage"
    assert found["OPTIONS"]["bucket_name"] == "news-media"
    assert found["OPTIONS"]["endpoint_url"] == "https://minio.example.org"
    assert found["OPTIONS"]["addressing_style"] == "path"
    assert found["OPTIONS"]["querystring_auth"] is False
