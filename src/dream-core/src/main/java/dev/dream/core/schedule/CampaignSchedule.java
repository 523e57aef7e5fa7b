package dev.dream.core.schedule;

import java.util.List;

/**
 * A schedule file: the domains that run continuous campaigns (in file order, enabled ones only), the
 * settings every domain inherits ({@code defaults}, with {@code domain} null), and the failure backoff.
 */
public record CampaignSchedule(List<DomainSchedule> domains, DomainSchedule defaults, Backoff backoff) {
  public CampaignSchedule {
    domains = List.copyOf(domains);
  }

  /** The domain's entry with the defaults filled in, or the defaults alone when the file does not list it. */
  public DomainSchedule forDomain(String domain) {
    DomainSchedule own = domains.stream().filter(d -> d.domain().equals(domain)).findFirst().orElse(DomainSchedule.unset(domain));
    return own.orElse(defaults);
  }
}
