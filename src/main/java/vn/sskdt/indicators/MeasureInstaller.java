package vn.sskdt.indicators;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Stores the indicator Measures of our FHIR package (fhir-profiles/input/fsh/measures.fsh) as
 * resources at start-up, under their package ids: the package is their source, the server serves and
 * evaluates them. Unchanged ones are not rewritten (HAPI skips updates that change nothing); Measures
 * created through the API (a new version under another id) are left alone.
 */
@Component
class MeasureInstaller {

	private static final Logger log = LoggerFactory.getLogger(MeasureInstaller.class);

	private final DaoRegistry daos;
	private final FhirContext fhirContext;
	private final ResourceLoader resources;
	private final String packageLocation;

	MeasureInstaller(DaoRegistry daos, FhirContext fhirContext, ResourceLoader resources,
			@Value("${sskdt.profiles.package-location}") String packageLocation) {
		this.daos = daos;
		this.fhirContext = fhirContext;
		this.resources = resources;
		this.packageLocation = packageLocation;
	}

	@EventListener(ContextRefreshedEvent.class)
	public void install() {
		int installed = 0;
		try (InputStream in = resources.getResource(packageLocation).getInputStream()) {
			NpmPackage ourPackage = NpmPackage.fromPackage(in);
			for (String file : ourPackage.listResources("Measure")) {
				try (InputStream json = ourPackage.loadResource(file)) {
					Measure measure = fhirContext.newJsonParser().parseResource(Measure.class, json);
					IndicatorDefinition.of(measure); // a package Measure we cannot evaluate is a build mistake: fail the start
					daos.getResourceDao(Measure.class).update(measure, new SystemRequestDetails());
					installed++;
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException("cannot read the indicator Measures from " + packageLocation, e);
		}
		log.info("Indicator Measures of our package installed: {}", installed);
	}
}
