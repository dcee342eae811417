package vn.sskdt.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server ids of the bulk path, made from a resource's business identifier ({@code Type|system|value}:
 * personal ID, facility code, station record number) with a keyed hash, written as a UUID like the ids
 * the server gives REST creations.
 *
 * <p>Why deterministic: the NDJSON files refer to one another by id (an Observation to its Patient in
 * another file), and a second run of the same migration must land on the same resources instead of
 * doubling them. Why keyed: a Patient id made from the personal ID alone could be reversed by trying
 * the few million personal IDs of a birth year, and ids appear in URLs and logs. The key stays with the
 * migration team; without it the ids tell nothing.
 */
final class BulkIds {

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	BulkIds(String secret) {
		if (secret == null || secret.length() < 16) {
			throw new IllegalArgumentException("the id key must have at least 16 characters");
		}
		this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
	}

	/** The id of the resource of {@code type} whose business identifier is {@code system|value}. */
	String of(String type, String system, String value) {
		byte[] hash;
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key);
			hash = mac.doFinal((type + "|" + system + "|" + value).getBytes(StandardCharsets.UTF_8));
		} catch (NoSuchAlgorithmException | InvalidKeyException e) {
			throw new IllegalStateException(e); // HmacSHA256 is in every JDK
		}
		ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
		long high = bits.getLong();
		long low = bits.getLong();
		// version 8 (custom) and the RFC 9562 variant, so that it reads as any other UUID
		high = (high & ~0xF000L) | 0x8000L;
		low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(high, low).toString();
	}
}
