package io.switchboard.twilio;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Twilio's connection overrides that ask it to try a callback again: a URL fragment ({@code #rc=3&rp=all}) that Twilio
 * reads and never sends. By default Twilio tries a status callback once more only when it could not connect, so a
 * callback that the store refused with 503 (down, or its queue full) was lost; with the fragment, Twilio tries it
 * again when it gets any error or no answer, within its total time for all tries. A repeated callback stores nothing
 * twice, so a try that was in fact stored does no harm.
 *
 * <p>Whether Twilio signs the URL with or without the fragment is not documented: the signature check accepts both,
 * and accepts the fragment of every count, not only the configured one. A call keeps the URLs it was given when it
 * started: one started before the count was changed, or on a node of a cluster that had another count, must not be
 * refused halfway.
 */
public final class RetryOverrides {

  /** The most tries Twilio takes again. */
  public static final int MOST = 5;
  public static final int DEFAULT = 3;
  /** The default count's first: most calls' URLs carry it. */
  private static final List<String> ALL = Stream.concat(Stream.of(DEFAULT),
          IntStream.rangeClosed(1, MOST).filter(count -> count != DEFAULT).boxed())
      .map(RetryOverrides::fragment).toList();

  private RetryOverrides() {
  }

  /**
   * @param retries how many more times Twilio may send a failed callback, 0 to {@link #MOST}
   * @return the fragment to end each callback URL with, {@code #} included; empty for none
   */
  public static String fragment(int retries) {
    if (retries < 0 || retries > MOST) {
      throw new IllegalArgumentException("Twilio retries a callback 0 to " + MOST + " times, not " + retries);
    }
    // "all": on a 4xx, a 5xx, a connection or a read timeout. Retrying a 4xx is useless but harmless, and one policy
    // word needs no list syntax.
    return retries == 0 ? "" : "#rc=" + retries + "&rp=all";
  }

  /** {@code url} as Twilio requests it: without its fragment, which Twilio reads and never sends. */
  public static String requested(String url) {
    int fragment = url.indexOf('#');
    return fragment < 0 ? url : url.substring(0, fragment);
  }

  /** Every fragment that {@link #fragment} makes, but the empty one. */
  public static List<String> all() {
    return ALL;
  }
}
