package vn.sskdt.ingest;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One check-up of a batch as the HTTP request a station would have sent alone: {@code POST} to the
 * same {@code /fhir} with the same headers (token, {@code Prefer}), the check-up's JSON as the body;
 * and a response that only records what the server answers, never touching the batch's own response.
 */
final class SubRequest {

	private SubRequest() {}

	/** Headers that describe the batch's body or its encoding, not the check-up's. */
	private static final Set<String> REPLACED_HEADERS = Set.of("content-type", "content-length", "content-encoding",
			"accept", "accept-encoding", "transfer-encoding", "expect");

	static final class Request extends HttpServletRequestWrapper {
		private final byte[] body;
		private final Map<String, Object> attributes = new HashMap<>();

		Request(HttpServletRequest batch, byte[] json) {
			super(batch);
			this.body = json;
		}

		@Override
		public String getMethod() {
			return "POST";
		}

		@Override
		public String getQueryString() {
			return null; // _format, _pretty… of the batch do not apply to the check-up's answer, read here
		}

		@Override
		public String getParameter(String name) {
			return null;
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return Map.of();
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.emptyEnumeration();
		}

		@Override
		public String[] getParameterValues(String name) {
			return null;
		}

		@Override
		public String getContentType() {
			return "application/fhir+json;charset=UTF-8";
		}

		@Override
		public String getCharacterEncoding() {
			return "UTF-8";
		}

		@Override
		public int getContentLength() {
			return body.length;
		}

		@Override
		public long getContentLengthLong() {
			return body.length;
		}

		@Override
		public String getHeader(String name) {
			return switch (name.toLowerCase(Locale.ROOT)) {
				case "content-type" -> getContentType();
				case "content-length" -> Integer.toString(body.length);
				case "accept" -> "application/fhir+json";
				case "content-encoding", "accept-encoding", "transfer-encoding", "expect" -> null;
				default -> super.getHeader(name);
			};
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			String value = getHeader(name);
			if (REPLACED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
				return value == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(value));
			}
			return super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			List<String> names = new ArrayList<>();
			for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements(); ) {
				String name = e.nextElement();
				if (!REPLACED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
					names.add(name);
				}
			}
			names.addAll(List.of("Content-Type", "Content-Length", "Accept"));
			return Collections.enumeration(names);
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(body);
			return new ServletInputStream() {
				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("blocking reads only");
				}
			};
		}

		@Override
		public BufferedReader getReader() {
			return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
		}

		// attributes are the check-up's own: what one check-up marks must not follow the next
		@Override
		public Object getAttribute(String name) {
			return attributes.containsKey(name) ? attributes.get(name) : super.getAttribute(name);
		}

		@Override
		public Enumeration<String> getAttributeNames() {
			List<String> names = new ArrayList<>(attributes.keySet());
			for (Enumeration<String> e = super.getAttributeNames(); e.hasMoreElements(); ) {
				names.add(e.nextElement());
			}
			return Collections.enumeration(names);
		}

		@Override
		public void setAttribute(String name, Object value) {
			attributes.put(name, value);
		}

		@Override
		public void removeAttribute(String name) {
			attributes.put(name, null);
		}
	}

	/** Records status, headers and body; nothing reaches the batch's real response. */
	static final class Response extends HttpServletResponseWrapper {
		private final ByteArrayOutputStream body = new ByteArrayOutputStream();
		private final Map<String, List<String>> headers = new LinkedHashMap<>();
		private int status = 200;
		private String contentType;
		private String characterEncoding = "UTF-8";
		private PrintWriter writer;
		private ServletOutputStream stream;

		Response(HttpServletResponse batch) {
			super(batch);
		}

		int status() {
			return status;
		}

		byte[] body() {
			if (writer != null) {
				writer.flush();
			}
			return body.toByteArray();
		}

		@Override
		public void setStatus(int sc) {
			status = sc;
		}

		@Override
		public int getStatus() {
			return status;
		}

		@Override
		public void sendError(int sc) {
			status = sc;
		}

		@Override
		public void sendError(int sc, String msg) {
			status = sc;
		}

		@Override
		public void sendRedirect(String location) {
			status = 302;
			setHeader("Location", location);
		}

		@Override
		public void setHeader(String name, String value) {
			headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(List.of(value)));
		}

		@Override
		public void addHeader(String name, String value) {
			headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
		}

		@Override
		public void setIntHeader(String name, int value) {
			setHeader(name, Integer.toString(value));
		}

		@Override
		public void addIntHeader(String name, int value) {
			addHeader(name, Integer.toString(value));
		}

		@Override
		public void setDateHeader(String name, long date) {
			setHeader(name, Long.toString(date));
		}

		@Override
		public void addDateHeader(String name, long date) {
			addHeader(name, Long.toString(date));
		}

		@Override
		public boolean containsHeader(String name) {
			return headers.containsKey(name.toLowerCase(Locale.ROOT));
		}

		@Override
		public String getHeader(String name) {
			List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
			return values == null || values.isEmpty() ? null : values.get(0);
		}

		@Override
		public Collection<String> getHeaders(String name) {
			return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
		}

		@Override
		public Collection<String> getHeaderNames() {
			return headers.keySet();
		}

		@Override
		public void addCookie(Cookie cookie) {
			// a check-up's answer sets no cookies on the batch
		}

		@Override
		public void setContentType(String type) {
			contentType = type;
		}

		@Override
		public String getContentType() {
			return contentType;
		}

		@Override
		public void setCharacterEncoding(String charset) {
			characterEncoding = charset;
		}

		@Override
		public String getCharacterEncoding() {
			return characterEncoding;
		}

		@Override
		public void setContentLength(int len) {
			// the body is recorded whole
		}

		@Override
		public void setContentLengthLong(long len) {
			// the body is recorded whole
		}

		@Override
		public void setLocale(Locale locale) {
			// the check-up's answer is not sent as such
		}

		@Override
		public void setBufferSize(int size) {
			// recorded in memory
		}

		@Override
		public ServletOutputStream getOutputStream() {
			if (stream == null) {
				stream = new ServletOutputStream() {
					@Override
					public void write(int b) {
						body.write(b);
					}

					@Override
					public void write(byte[] b, int off, int len) {
						body.write(b, off, len);
					}

					@Override
					public boolean isReady() {
						return true;
					}

					@Override
					public void setWriteListener(WriteListener listener) {
						throw new UnsupportedOperationException("blocking writes only");
					}
				};
			}
			return stream;
		}

		@Override
		public PrintWriter getWriter() {
			if (writer == null) {
				writer = new PrintWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8));
			}
			return writer;
		}

		@Override
		public void flushBuffer() {
			if (writer != null) {
				writer.flush();
			}
		}

		@Override
		public boolean isCommitted() {
			return false;
		}

		@Override
		public void reset() {
			resetBuffer();
			headers.clear();
			status = 200;
		}

		@Override
		public void resetBuffer() {
			if (writer != null) {
				writer.flush();
			}
			body.reset();
		}
	}
}
