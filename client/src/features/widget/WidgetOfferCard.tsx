import { useState } from 'react';
import type { OfferCard } from '../../../../shared/schemas/offer-card';
import type { AppLanguage } from '../../app/language';
import { errorCodeOf } from '../../chat/chat-socket';
import { formatCny, formatDate } from '../shop/format';
import styles from './Widget.module.css';
import { fill, type WidgetText } from './widget-text';

interface WidgetOfferCardProps {
  offer: OfferCard;
  seq: number;
  text: WidgetText;
  language: AppLanguage;
  assetUrl: (path: string) => string;
  onAnswer: (seq: number, response: 'accepted' | 'declined') => Promise<void>;
}

/** An offer the agent sent: pictures, prices and the shopper's two answers. */
export function WidgetOfferCard(props: WidgetOfferCardProps) {
  const { offer, seq, text, language, assetUrl, onAnswer } = props;
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const money = (n: number) => formatCny(n, language);
  const saving = Math.round((offer.listPrice - offer.price) * 100) / 100;

  const answer = async (response: 'accepted' | 'declined') => {
    setBusy(true);
    setProblem(null);
    try {
      await onAnswer(seq, response);
    } catch (error) {
      setProblem(`${text.offer.answerFailed} ${text.errorSentence(errorCodeOf(error))}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={styles.offerCard} data-testid="widget-offer" data-state={offer.response?.value}>
      <div className={styles.offerHead}>
        {offer.kind === 'bundle' ? text.offer.bundle : text.offer.product}
      </div>
      <div className={styles.offerTitle}>{offer.title[language]}</div>
      <ul className={styles.offerItems}>
        {offer.items.map((item) => (
          <li key={item.sku} className={styles.offerItem}>
            <img src={assetUrl(item.imageUrl)} alt="" width={40} height={40} />
            <span className={styles.offerItemName}>{item.name[language]}</span>
            <span className={styles.offerItemPrice}>{money(item.price)}</span>
          </li>
        ))}
      </ul>
      <div className={styles.offerPrices}>
        <strong className={styles.offerPrice} data-testid="widget-offer-price">
          {money(offer.price)}
        </strong>
        {saving > 0 && (
          <>
            <s className={styles.offerListPrice}>
              {fill(text.offer.listPrice, { price: money(offer.listPrice) })}
            </s>
            <span className={styles.offerSaving}>
              {fill(text.offer.save, { amount: money(saving) })}
            </span>
          </>
        )}
      </div>
      {offer.validTo && (
        <div className={styles.offerValid}>
          {fill(text.offer.validUntil, { date: formatDate(offer.validTo, language) })}
        </div>
      )}
      {offer.response ? (
        <p className={styles.offerAnswer} role="status">
          {offer.response.value === 'accepted' ? text.offer.accepted : text.offer.declined}
        </p>
      ) : (
        <div className={styles.offerActions}>
          <button
            type="button"
            className={styles.offerAccept}
            disabled={busy}
            onClick={() => void answer('accepted')}
          >
            {text.offer.accept}
          </button>
          <button
            type="button"
            className={styles.offerDecline}
            disabled={busy}
            onClick={() => void answer('declined')}
          >
            {text.offer.decline}
          </button>
        </div>
      )}
      {problem && (
        <p className={styles.failed} role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
