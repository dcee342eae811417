package vn.sskdt.profiles;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How writes are held to our FHIR profiles (package built from {@code fhir-profiles/}).
 *
 * @param enforced            validate every create, update, patch and transaction entry; off only for
 *                            measuring what validation costs
 * @param packageLocation     the FHIR NPM package on the classpath
 * @param defaultProfiles     resource type → id of the profile a resource of that type is held to when
 *                            it declares none of ours
 * @param observationProfiles the same for Observations, chosen by their code ({@code system|code})
 */
@ConfigurationProperties("sskdt.profiles")
public record ProfilesProperties(
		@DefaultValue("true") boolean enforced,
		@DefaultValue("classpath:fhir/package.tgz") String packageLocation,
		@DefaultValue Map<String, String> defaultProfiles,
		@DefaultValue List<ObservationProfile> observationProfiles) {

	/** @param code {@code system|code} of the Observation; @param profile the profile id */
	public record ObservationProfile(String code, String profile) {}
}
