package io.driftwatch.connect.email;

import io.driftwatch.connect.Alert;
import io.driftwatch.connect.Channel;
import io.driftwatch.connect.DeliveryException;
import io.driftwatch.connect.Notification;
import io.driftwatch.connect.Redactor;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Sends one notification as one multipart/alternative email (text + HTML) over SMTP, STARTTLS
 * or SMTPS, with optional AUTH; one SMTP session per email.
 *
 * <p>The idempotency key becomes the Message-ID ({@code <key@driftwatch>}) and the
 * {@code X-Driftwatch-Idempotency-Key} header, so a resent email is recognisable as the same one.
 * Failures: connection and 4xx replies are retriable; 5xx replies and rejected recipients are
 * permanent; failed authentication fails the task (a config error, not a bad record). Failure
 * reasons: {@code smtp-4xx}, {@code smtp-5xx}, {@value #RECIPIENTS_REJECTED}, {@value #SMTP_ERROR}
 * (connection and protocol errors).
 */
public final class SmtpChannel implements Channel {
    /** Header carrying the idempotency key. */
    public static final String IDEMPOTENCY_HEADER = "X-Driftwatch-Idempotency-Key";
    /** Failure reason: the server rejected every recipient. */
    public static final String RECIPIENTS_REJECTED = "smtp-recipients-rejected";
    /** Failure reason: connection or protocol error without a reply code. */
    public static final String SMTP_ERROR = "smtp-error";
    /** Every failure reason {@link #deliver} reports. */
    public static final List<String> REASONS = List.of("smtp-4xx", "smtp-5xx", RECIPIENTS_REJECTED, SMTP_ERROR);

    private final EmailSinkConfig config;
    private final EmailFormatter formatter;
    private final Session session;
    private final String protocol;
    private final Redactor redactor = new Redactor();

    public SmtpChannel(EmailSinkConfig config) {
        this.config = config;
        this.formatter = new EmailFormatter(config.subjectPrefix());
        this.protocol = config.security() == EmailSinkConfig.Security.SMTPS ? "smtps" : "smtp";
        this.session = Session.getInstance(sessionProperties(config, protocol));
        if (config.password() != null) {
            redactor.add(config.password().value());
        }
    }

    static Properties sessionProperties(EmailSinkConfig config, String protocol) {
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        String timeout = String.valueOf(config.requestTimeout().toMillis());
        props.put(p + "connectiontimeout", timeout);
        props.put(p + "timeout", timeout);
        props.put(p + "writetimeout", timeout);
        props.put(p + "auth", String.valueOf(config.username() != null));
        if (config.security() == EmailSinkConfig.Security.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        props.put(p + "ssl.checkserveridentity", String.valueOf(!"*".equals(config.sslTrust())));
        if (!config.sslTrust().isEmpty()) {
            props.put(p + "ssl.trust", config.sslTrust());
        }
        return props;
    }

    @Override
    public void deliver(Notification n) throws DeliveryException {
        try {
            MimeMessage message = build(n);
            try (Transport transport = session.getTransport(protocol)) {
                transport.connect(config.host(), config.port(), config.username(),
                        config.password() == null ? null : config.password().value());
                transport.sendMessage(message, message.getAllRecipients());
            }
        } catch (AuthenticationFailedException e) {
            throw new ConnectException("SMTP authentication failed for user '" + config.username() + "' at "
                    + config.host() + ":" + config.port() + ": " + redactor.redact(e.getMessage()));
        } catch (SMTPSendFailedException e) {
            String m = "SMTP " + e.getReturnCode() + ": " + redactor.redact(e.getMessage());
            int code = e.getReturnCode();
            String reason = code >= 400 && code < 600 ? "smtp-" + code / 100 + "xx" : SMTP_ERROR;
            throw e.getReturnCode() >= 500 ? new DeliveryException.Permanent(reason, m)
                    : new DeliveryException.Retriable(reason, m, null);
        } catch (SendFailedException e) {
            if (e.getValidSentAddresses() == null || e.getValidSentAddresses().length == 0) {
                throw new DeliveryException.Permanent(RECIPIENTS_REJECTED, "recipients rejected: "
                        + redactor.redact(e.getMessage()));
            }
        } catch (MessagingException e) {
            throw new DeliveryException.Retriable(SMTP_ERROR, "SMTP error: " + e.getClass().getSimpleName() + " "
                    + redactor.redact(e.getMessage()), null);
        }
    }

    MimeMessage build(Notification n) throws MessagingException {
        EmailFormatter.Email email = formatter.format(n);
        String messageId = "<" + n.idempotencyKey().replaceAll("[^A-Za-z0-9._-]", "-") + "@driftwatch>";
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(config.from()));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(String.join(",", recipients(n))));
        message.setSubject(email.subject(), "UTF-8");
        message.setHeader(IDEMPOTENCY_HEADER, n.idempotencyKey());
        message.setSentDate(new Date());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(email.text(), "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(email.html(), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative", text, html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    /** Everyone who should hear about any alert of the notification. */
    private Set<String> recipients(Notification n) {
        Set<String> to = new LinkedHashSet<>();
        for (Alert a : n.all()) {
            to.addAll(config.recipients(a.severity()));
        }
        return to;
    }
}
