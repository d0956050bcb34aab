#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use super::*;

fn key(n: u8) -> SolanaAddress {
    SolanaAddress::new([n; 32])
}

fn sample(version: MessageVersion) -> Message {
    Message {
        version,
        header: MessageHeader {
            num_required_signatures: 2,
            num_readonly_signed: 1,
            num_readonly_unsigned: 2,
        },
        account_keys: vec![key(1), key(2), key(3), key(4), key(5)],
        recent_blockhash: [9; 32],
        instructions: vec![CompiledInstruction {
            program_id_index: 4,
            accounts: vec![2, 3, 1],
            data: vec![12, 1, 2, 3],
        }],
        address_table_lookups: if version == MessageVersion::V0 {
            vec![AddressTableLookup {
                account_key: key(7),
                writable_indexes: vec![0],
                readonly_indexes: vec![1, 2],
            }]
        } else {
            Vec::new()
        },
    }
}

#[test]
fn round_trips_both_versions() {
    for v in [MessageVersion::Legacy, MessageVersion::V0] {
        let m = sample(v);
        let mut tx = Transaction::unsigned(m.clone());
        assert!(tx.sign_slot(1, [5; 64]));
        assert!(!tx.sign_slot(2, [5; 64]));
        let wire = tx.encode();
        let back = Transaction::decode(&wire).unwrap();
        assert_eq!(back, tx);
        assert_eq!(back.message, m);
        assert_eq!(back.message_bytes(), m.encode().as_slice());
        assert_eq!(back.encode(), wire);
    }
    // The v0 prefix is the only difference in the first byte.
    assert_eq!(sample(MessageVersion::V0).encode()[0], 0x80);
    assert_eq!(sample(MessageVersion::Legacy).encode()[0], 2);
}

#[test]
fn every_truncation_is_an_error_not_a_panic() {
    for v in [MessageVersion::Legacy, MessageVersion::V0] {
        let wire = Transaction::unsigned(sample(v)).encode();
        for n in 0..wire.len() {
            assert!(Transaction::decode(&wire[..n]).is_err(), "{v:?} prefix {n}");
        }
    }
}

#[test]
fn compact_u16_is_canonical() {
    for n in [0usize, 1, 127, 128, 255, 16_383, 16_384, 65_535] {
        let mut out = Vec::new();
        put_compact_u16(&mut out, n);
        let mut r = Reader { rest: &out };
        assert_eq!(r.compact_u16(&String::new).unwrap(), n);
        assert!(r.rest.is_empty());
    }
    for bad in [
        &[0x80, 0x00][..],
        &[0xff, 0xff, 0x04],
        &[0x80, 0x80, 0x80],
        &[0xff, 0x80, 0x00],
    ] {
        let mut r = Reader { rest: bad };
        assert_eq!(
            r.compact_u16(&|| "x".to_owned()).unwrap_err().kind,
            DecodeErrorKind::NonCanonicalLength,
            "{bad:?}"
        );
    }
}

#[test]
fn structural_defects_name_their_field() {
    let mut wire = Transaction::unsigned(sample(MessageVersion::Legacy)).encode();
    wire.push(0);
    let e = Transaction::decode(&wire).unwrap_err();
    assert_eq!(e.code(), ErrorCode::ExactSvmTransactionUndecodable);
    assert_eq!(
        (e.field.as_str(), e.kind),
        ("message", DecodeErrorKind::TrailingBytes(1))
    );

    let mut m = sample(MessageVersion::Legacy);
    m.instructions[0].accounts[1] = 9;
    let e = Transaction::decode(&Transaction::unsigned(m).encode()).unwrap_err();
    assert_eq!(e.field, "message/instructions/0/accounts/1");

    let mut m = sample(MessageVersion::Legacy);
    m.instructions[0].program_id_index = 0;
    let e = Transaction::decode(&Transaction::unsigned(m).encode()).unwrap_err();
    assert_eq!(e.field, "message/instructions/0/programIdIndex");

    let mut m = sample(MessageVersion::Legacy);
    m.account_keys[3] = key(1);
    let e = Transaction::decode(&Transaction::unsigned(m).encode()).unwrap_err();
    assert_eq!(e.kind, DecodeErrorKind::DuplicateKey(key(1)));

    let mut m = sample(MessageVersion::Legacy);
    m.header.num_readonly_signed = 2;
    let e = Transaction::decode(&Transaction::unsigned(m).encode()).unwrap_err();
    assert_eq!(e.field, "message/header");

    // A looked-up account is a valid index in v0 (5 static + 3 loaded), not in legacy.
    let mut m = sample(MessageVersion::V0);
    m.instructions[0].accounts.push(7);
    assert!(Transaction::decode(&Transaction::unsigned(m.clone()).encode()).is_ok());
    assert!(m.is_writable(5) && !m.is_writable(6) && m.total_accounts() == 8);
    m.version = MessageVersion::Legacy;
    m.address_table_lookups.clear();
    assert!(Transaction::decode(&Transaction::unsigned(m).encode()).is_err());

    let mut m = sample(MessageVersion::V0);
    m.address_table_lookups[0].writable_indexes.clear();
    m.address_table_lookups[0].readonly_indexes.clear();
    let e = Transaction::decode(&Transaction::unsigned(m).encode()).unwrap_err();
    assert_eq!(e.kind, DecodeErrorKind::EmptyLookup);

    let mut v1 = Transaction::unsigned(sample(MessageVersion::V0)).encode();
    v1[1 + 128] = 0x81;
    let e = Transaction::decode(&v1).unwrap_err();
    assert_eq!(e.kind, DecodeErrorKind::UnsupportedVersion(1));

    // One signature short of the header.
    let tx = Transaction::unsigned(sample(MessageVersion::Legacy));
    let mut wire = vec![1u8];
    wire.extend_from_slice(&[0; 64]);
    wire.extend_from_slice(tx.message_bytes());
    let e = Transaction::decode(&wire).unwrap_err();
    assert_eq!(
        e.kind,
        DecodeErrorKind::SignatureCount {
            required: 2,
            found: 1
        }
    );
}

#[test]
fn signer_and_writable_flags_follow_the_header() {
    let m = sample(MessageVersion::Legacy);
    let flags: Vec<(bool, bool)> = (0..5).map(|i| (m.is_signer(i), m.is_writable(i))).collect();
    assert_eq!(
        flags,
        vec![
            (true, true),
            (true, false),
            (false, true),
            (false, false),
            (false, false)
        ]
    );
}
