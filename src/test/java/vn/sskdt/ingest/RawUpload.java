package vn.sskdt.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Uploads over a plain socket and returns the raw HTTP response. Java's HTTP clients cannot show what
 * a server answers to an oversized upload: they read nothing before they finish sending, and Java
 * 17's HttpClient hangs when "Expect: 100-continue" gets a final answer (JDK-8286171).
 */
final class RawUpload {

	private RawUpload() {}

	/** Announces the length and waits for "100 Continue" before sending the body, as curl does. */
	static String postWithExpectContinue(String host, int port, String path, byte[] body) throws IOException {
		try (Socket socket = open(host, port)) {
			OutputStream out = socket.getOutputStream();
			out.write(headers(host, path, "Content-Length: " + body.length + "\r\nExpect: 100-continue"));
			out.flush();
			String first = read(socket.getInputStream());
			if (!first.startsWith("HTTP/1.1 100")) {
				return first; // answered before the body was sent
			}
			sendIgnoringClose(out, body);
			return read(socket.getInputStream());
		}
	}

	/** Sends the body in chunks, with no length announced. */
	static String postChunked(String host, int port, String path, byte[] body) throws IOException {
		try (Socket socket = open(host, port)) {
			OutputStream out = socket.getOutputStream();
			out.write(headers(host, path, "Transfer-Encoding: chunked"));
			ByteArrayOutputStream chunked = new ByteArrayOutputStream(body.length + body.length / 1000);
			int chunk = 64 * 1024;
			for (int offset = 0; offset < body.length; offset += chunk) {
				int length = Math.min(chunk, body.length - offset);
				chunked.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
				chunked.write(body, offset, length);
				chunked.write("\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			chunked.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			sendIgnoringClose(out, chunked.toByteArray());
			return read(socket.getInputStream());
		}
	}

	private static Socket open(String host, int port) throws IOException {
		Socket socket = new Socket(host, port);
		socket.setSoTimeout(20_000);
		return socket;
	}

	private static byte[] headers(String host, String path, String bodyHeaders) {
		return ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/fhir+json\r\n"
						+ "Authorization: Bearer " + vn.sskdt.support.TestTokens.admin() + "\r\n"
						+ bodyHeaders + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII);
	}

	private static void sendIgnoringClose(OutputStream out, byte[] bytes) {
		try {
			out.write(bytes);
			out.flush();
		} catch (IOException serverStoppedReading) {
			// the server answered and closed; its answer is waiting to be read
		}
	}

	/** Reads one response: a bare "100 Continue", or a whole final response, de-chunked. */
	private static String read(InputStream in) throws IOException {
		ByteArrayOutputStream response = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int n; (n = in.read(buffer)) > 0; ) {
				response.write(buffer, 0, n);
				String text = response.toString(StandardCharsets.ISO_8859_1);
				if (text.startsWith("HTTP/1.1 100") && text.contains("\r\n\r\n") || text.endsWith("\r\n0\r\n\r\n")) {
					break;
				}
			}
		} catch (SocketTimeoutException | SocketException endOfAnswer) {
			// closed or idle after the answer
		}
		return dechunk(response.toByteArray());
	}

	/** Headers as sent; a chunked body joined back into one piece (chunk sizes count bytes). */
	private static String dechunk(byte[] response) {
		String latin = new String(response, StandardCharsets.ISO_8859_1);
		int bodyStart = latin.indexOf("\r\n\r\n") + 4;
		if (bodyStart < 4 || !latin.substring(0, bodyStart).toLowerCase().contains("transfer-encoding: chunked")) {
			return new String(response, StandardCharsets.UTF_8);
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		int at = bodyStart;
		while (true) {
			int lineEnd = latin.indexOf("\r\n", at);
			if (lineEnd < 0) {
				break;
			}
			int size = Integer.parseInt(latin.substring(at, lineEnd).trim(), 16);
			if (size == 0 || lineEnd + 2 + size > response.length) {
				break;
			}
			body.write(response, lineEnd + 2, size);
			at = lineEnd + 2 + size + 2;
		}
		return latin.substring(0, bodyStart) + body.toString(StandardCharsets.UTF_8);
	}
}
