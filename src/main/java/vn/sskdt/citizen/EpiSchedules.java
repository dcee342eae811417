package vn.sskdt.citizen;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Loads the configured schedule version from our FHIR package at start-up. A schedule missing from the
 * package, or one that breaks the encoding, stops the start rather than forecasting wrongly.
 */
@Configuration(proxyBeanMethods = false)
class EpiSchedules {

	@Bean
	EpiSchedule epiSchedule(CitizenProperties properties, FhirContext fhirContext) throws IOException {
		String[] wanted = properties.epiSchedule().split("\\|", 2);
		try (InputStream in = new DefaultResourceLoader().getResource(properties.packageLocation()).getInputStream()) {
			NpmPackage npm = NpmPackage.fromPackage(in);
			for (String file : npm.listResources("PlanDefinition")) {
				try (InputStream resource = npm.loadResource(file)) {
					PlanDefinition plan = fhirContext.newJsonParser().parseResource(PlanDefinition.class, resource);
					if (plan.getUrl().equals(wanted[0]) && (wanted.length == 1 || wanted[1].equals(plan.getVersion()))) {
						return EpiSchedule.from(plan);
					}
				}
			}
		}
		throw new IllegalStateException("sskdt.citizen.epi-schedule " + properties.epiSchedule()
				+ " is not in the FHIR package " + properties.packageLocation());
	}
}
