"""The id and key layout every other part relies on."""

import pytest

from backend.common import config, ids, layout


def test_ids_are_unique_valid_and_time_ordered():
    earlier = [ids.new_id(now_ms=1_700_000_000_000 + i) for i in range(50)]
    assert len(set(earlier)) == 50
    assert all(ids.is_valid(i) for i in earlier)
    assert earlier == sorted(earlier)


def test_ids_carry_80_random_bits():
    same_ms = {ids.new_id(now_ms=1_700_000_000_000) for _ in range(1000)}
    assert len(same_ms) == 1000
    assert len({i[10:] for i in same_ms}) == 1000


def test_created_at_round_trips_the_timestamp():
    assert ids.created_at(ids.new_id(now_ms=1_700_000_000_123)) == "2023-11-14T22:13:20.123Z"


def test_invert_reverses_sort_order_and_is_its_own_inverse():
    sample = sorted(ids.new_id(now_ms=1_700_000_000_000 + i * 7) for i in range(100))
    inverted = [ids.invert(i) for i in sample]
    assert inverted == sorted(inverted, reverse=True)
    assert [ids.invert(i) for i in inverted] == sample


def test_invalid_ids_are_refused():
    for bad in ["", "../etc/passwd", "0" * 25, "0" * 27, "U" * 26, "01M8G5K1BG4JPFZ1Z8VMQF24S8",
                "0" * 26 + "\n"]:
        assert not ids.is_valid(bad)


def test_every_key_of_an_image_derives_from_its_id_and_spreads_by_shard():
    image_id = ids.new_id()
    shard = image_id[-2:]
    assert layout.shard(image_id) == shard
    assert layout.input_key(image_id) == f"input/{shard}/{image_id}"
    assert layout.thumbnail_key(image_id) == f"thumbnails/{shard}/{image_id}.webp"
    assert layout.large_key(image_id) == f"large/{shard}/{image_id}.webp"
    assert layout.tombstone_key(image_id) == f"deleted/{shard}/{image_id}"
    assert layout.record_key(image_id) == f"index/{ids.invert(image_id)}.json"
    assert layout.output_keys(image_id) == [layout.thumbnail_key(image_id),
                                            layout.large_key(image_id),
                                            layout.record_key(image_id)]
    assert layout.digest_key("ab" * 32) == f"digests/{'ab' * 32}.json"


def test_ids_are_read_back_only_from_keys_of_ours():
    image_id = ids.new_id()
    for key in (layout.input_key(image_id),):
        assert layout.id_from_input_key(key) == image_id
    for key in (layout.thumbnail_key(image_id), layout.large_key(image_id),
                layout.record_key(image_id), layout.tombstone_key(image_id)):
        assert layout.id_from_output_key(key) == image_id
    assert layout.id_from_record_key(layout.record_key(image_id)) == image_id
    other = ids.new_id()
    foreign = [
        f"input/{image_id}",  # no shard
        f"input/{image_id}.jpg",  # the v1 layout
        f"input/{other[-2:]}/{image_id}" if other[-2:] != image_id[-2:] else "input/x/y",
        f"input/{image_id[-2:]}/{image_id}/x", "input/../../etc/passwd", f"other/{image_id}",
        f"index/x/{ids.invert(image_id)}.json", f"index/{ids.invert(image_id)}.webp",
        f"meta/{image_id}.json", f"digests/{'ab' * 32}.json",
    ]
    for key in foreign:
        assert layout.id_from_input_key(key) is None, key
        assert layout.id_from_output_key(key) is None, key


def test_digest_keys_take_only_lower_case_hex():
    for bad in ("AB" * 32, "ab" * 31, "../" + "a" * 61, "g" * 64):
        with pytest.raises(ValueError):
            layout.digest_key(bad)


def test_settings_defaults_and_caps():
    settings = config.load({"UPLOAD_BUCKET": "u", "OUTPUT_BUCKET": "o",
                            "UPLOAD_URL_EXPIRES": "86400", "MULTIPART_PART_BYTES": "1000",
                            "MAX_LINK_SECONDS": "99999999"})
    assert settings.upload_url_expires == 900
    assert settings.max_upload_bytes == 1024 ** 3
    assert settings.single_put_max_bytes == 1024 ** 3
    assert settings.multipart_threshold_bytes == 64 * 1024 ** 2
    assert settings.multipart_part_bytes == 5 * 1024 ** 2  # raised to S3's smallest part
    assert settings.max_link_seconds == 7 * 24 * 3600  # SigV4's longest presigned URL
    assert settings.pending_timeout_seconds == 900
    assert settings.original_retention_days is None
    assert settings.api_token_sha256 == () and settings.api_base_url is None
    assert settings.output_access == "presigned"
    assert settings.s3_endpoint_url is None


def test_settings_parse_digests_urls_and_the_single_put_cap():
    settings = config.load({"API_TOKEN_SHA256": f" {'AB' * 32} ,{'cd' * 32},",
                            "API_BASE_URL": "https://api.example.com/",
                            "MAX_UPLOAD_BYTES": str(6 * 1024 ** 3),
                            "ORIGINAL_RETENTION_DAYS": "30"})
    assert settings.api_token_sha256 == ("ab" * 32, "cd" * 32)
    assert settings.api_base_url == "https://api.example.com"
    assert settings.single_put_max_bytes == 5 * 1024 ** 3
    assert settings.original_retention_days == 30


@pytest.mark.parametrize("env", [{"MAX_UPLOAD_BYTES": "lots"}, {"PENDING_TIMEOUT_SECONDS": "0"},
                                 {"OUTPUT_ACCESS": "world"}])
def test_settings_refuse_nonsense_with_the_variable_named(env):
    with pytest.raises(ValueError, match=next(iter(env))):
        config.load(env)


def test_a_gallery_is_named_by_gallery_id_else_by_its_output_bucket():
    # Clients tie finished uploads to this id (GET /config gallery_id): it must stay the same
    # for one gallery and differ between two.
    assert config.load({"GALLERY_ID": " local-abc ", "OUTPUT_BUCKET": "o"}).gallery_id == \
        "local-abc"
    one = config.load({"OUTPUT_BUCKET": "thumbs-1"}).gallery_id
    assert one == config.load({"OUTPUT_BUCKET": "thumbs-1"}).gallery_id
    assert one != config.load({"OUTPUT_BUCKET": "thumbs-2"}).gallery_id


def test_the_built_in_backend_keeps_one_gallery_id_per_data_dir(tmp_path):
    from backend.local import credentials
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    first = credentials.load_or_create_gallery_id(tmp_path / "a")
    assert credentials.load_or_create_gallery_id(tmp_path / "a") == first  # across restarts
    assert credentials.load_or_create_gallery_id(tmp_path / "b") != first
    assert (tmp_path / "a" / credentials.GALLERY_ID_FILE).stat().st_mode & 0o077 == 0
