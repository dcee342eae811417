package vn.sskdt.config;

import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * FHIR endpoint settings.
 *
 * @param defaultPageSize     search results per page when the client sends no {@code _count}
 * @param maxPageSize         the largest {@code _count} honoured
 * @param maxRequestBodySize  larger request bodies are refused with 413 before they are read
 * @param resourceTypes       the resource types the server stores and serves; everything else is
 *                            404 "unknown resource type". A health book needs a few dozen of R4's
 *                            146 types: fewer types mean a smaller attack surface. Empty: all types.
 */
@ConfigurationProperties("sskdt.fhir")
public record FhirProperties(
		@DefaultValue("20") int defaultPageSize,
		@DefaultValue("200") int maxPageSize,
		@DefaultValue("10MB") DataSize maxRequestBodySize,
		@DefaultValue Set<String> resourceTypes) {}
