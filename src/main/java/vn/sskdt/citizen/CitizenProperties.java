package vn.sskdt.citizen;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The citizen's health book features.
 *
 * @param epiSchedule     canonical {@code url|version} of the immunization schedule (a PlanDefinition of our
 *                        FHIR package) the forecast applies; a new schedule is a new version in the package
 *                        and a change of this property
 * @param packageLocation the FHIR package holding the schedule (the same package writes are validated against)
 * @param timeZone        where "today" is, for forecasts without an assessment date and ages at measurement
 * @param summaryCacheMegabytes  memory for the summaries kept between openings ({@link BookChanges}: dropped when
 *                        a write to the book commits), as JSON text; 0 keeps none
 * @param forecastCacheMegabytes the same for immunization forecasts
 * @param accessCacheEntries     citizens whose list of books (own, children's) is kept between requests
 * @param prepareDocuments       prepare each changed book's summary and forecast in the background and keep them in
 *                        the database ({@link DocumentPreparation}), so that first openings read them
 * @param preparationShare       the part of one processor the preparation may use (0.5: it pauses as long as it
 *                        worked, half of that); writes and openings keep the rest
 * @param prepareAllBooks        at start-up, also queue every book that has no prepared summary (after an upgrade
 *                        from a version without preparation); queued after every changed book
 */
@ConfigurationProperties("sskdt.citizen")
public record CitizenProperties(
		@DefaultValue("https://sskdt.vn/fhir/PlanDefinition/vn-epi-schedule|2026.1") String epiSchedule,
		@DefaultValue("classpath:fhir/package.tgz") String packageLocation,
		@DefaultValue("Asia/Ho_Chi_Minh") ZoneId timeZone,
		@DefaultValue("96") int summaryCacheMegabytes,
		@DefaultValue("64") int forecastCacheMegabytes,
		@DefaultValue("100000") int accessCacheEntries,
		@DefaultValue("true") boolean prepareDocuments,
		@DefaultValue("0.5") double preparationShare,
		@DefaultValue("false") boolean prepareAllBooks) {}
