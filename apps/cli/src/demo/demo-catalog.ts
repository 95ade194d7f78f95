/** The synthetic store's fixed data: names, products, currencies and texts in es, en and pt. */

export type DemoLanguage = 'es' | 'en' | 'pt';

export interface DemoLocale {
  locale: string;
  language: DemoLanguage;
  timezones: readonly string[];
  currency: string;
  /** Share of the customers with this locale. */
  weight: number;
}

export const DEMO_LOCALES: readonly DemoLocale[] = [
  { locale: 'es-ES', language: 'es', timezones: ['Europe/Madrid'], currency: 'EUR', weight: 22 },
  {
    locale: 'es-MX',
    language: 'es',
    timezones: ['America/Mexico_City', 'America/Monterrey'],
    currency: 'MXN',
    weight: 14,
  },
  { locale: 'es-AR', language: 'es', timezones: ['America/Argentina/Buenos_Aires'], currency: 'ARS', weight: 6 },
  {
    locale: 'en-US',
    language: 'en',
    timezones: ['America/New_York', 'America/Chicago', 'America/Los_Angeles'],
    currency: 'USD',
    weight: 20,
  },
  { locale: 'en-GB', language: 'en', timezones: ['Europe/London'], currency: 'GBP', weight: 8 },
  { locale: 'pt-BR', language: 'pt', timezones: ['America/Sao_Paulo', 'America/Recife'], currency: 'BRL', weight: 22 },
  { locale: 'pt-PT', language: 'pt', timezones: ['Europe/Lisbon'], currency: 'EUR', weight: 8 },
];

export const FIRST_NAMES: Readonly<Record<DemoLanguage, readonly string[]>> = {
  es: [
    'Lucía',
    'Mateo',
    'Sofía',
    'Hugo',
    'Martina',
    'Diego',
    'Valentina',
    'Pablo',
    'Camila',
    'Javier',
    'Elena',
    'Andrés',
    'Carmen',
    'Álvaro',
    'Paula',
    'Tomás',
    'Irene',
    'Nicolás',
    'Jimena',
    'Raúl',
  ],
  en: [
    'Olivia',
    'James',
    'Emma',
    'Liam',
    'Ava',
    'Noah',
    'Mia',
    'Ethan',
    'Grace',
    'Henry',
    'Chloe',
    'Samuel',
    'Ruby',
    'Oscar',
    'Hannah',
    'Leo',
    'Isla',
    'Jack',
    'Zoe',
    'Daniel',
  ],
  pt: [
    'Ana',
    'João',
    'Beatriz',
    'Pedro',
    'Mariana',
    'Gabriel',
    'Larissa',
    'Rafael',
    'Inês',
    'Tiago',
    'Camila',
    'Lucas',
    'Fernanda',
    'Miguel',
    'Júlia',
    'Gonçalo',
    'Letícia',
    'Rodrigo',
    'Carolina',
    'Bruno',
  ],
};

export const LAST_NAMES: Readonly<Record<DemoLanguage, readonly string[]>> = {
  es: [
    'García',
    'Fernández',
    'López',
    'Martínez',
    'Sánchez',
    'Pérez',
    'Gómez',
    'Ruiz',
    'Díaz',
    'Moreno',
    'Navarro',
    'Romero',
    'Torres',
    'Castro',
    'Ortega',
    'Herrera',
  ],
  en: [
    'Smith',
    'Johnson',
    'Brown',
    'Taylor',
    'Wilson',
    'Davies',
    'Evans',
    'Walker',
    'Clarke',
    'Hughes',
    'Baker',
    'Turner',
    'Parker',
    'Wright',
    'Harris',
    'Cooper',
  ],
  pt: [
    'Silva',
    'Santos',
    'Oliveira',
    'Souza',
    'Pereira',
    'Costa',
    'Rodrigues',
    'Almeida',
    'Ferreira',
    'Carvalho',
    'Ribeiro',
    'Gomes',
    'Martins',
    'Rocha',
    'Lima',
    'Araújo',
  ],
};

/** Addresses of the demo customers use only the domains reserved for examples (RFC 2606). */
export const EXAMPLE_DOMAINS = ['example.com', 'example.org', 'example.net'] as const;

export interface DemoProduct {
  sku: string;
  product_id: string;
  category: string;
  /** Price in EUR; other currencies scale it. */
  price: number;
  name: Readonly<Record<DemoLanguage, string>>;
}

export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  {
    sku: 'KB-75-BLK',
    product_id: 'prod_keyboard_75',
    category: 'keyboards',
    price: 89.9,
    name: { es: 'Teclado mecánico 75%', en: '75% mechanical keyboard', pt: 'Teclado mecânico 75%' },
  },
  {
    sku: 'HP-ARIA-WHT',
    product_id: 'prod_headphones_aria',
    category: 'audio',
    price: 129,
    name: { es: 'Auriculares inalámbricos Aria', en: 'Aria wireless headphones', pt: 'Fones sem fio Aria' },
  },
  {
    sku: 'CG-BURR-01',
    product_id: 'prod_coffee_grinder',
    category: 'kitchen',
    price: 149.5,
    name: { es: 'Molinillo de café de muelas', en: 'Burr coffee grinder', pt: 'Moedor de café de mós' },
  },
  {
    sku: 'WT-FIT-2',
    product_id: 'prod_watch_fit2',
    category: 'wearables',
    price: 199,
    name: { es: 'Reloj deportivo Fit 2', en: 'Fit 2 sports watch', pt: 'Relógio esportivo Fit 2' },
  },
  {
    sku: 'LMP-DESK-LED',
    product_id: 'prod_desk_lamp',
    category: 'home',
    price: 45,
    name: { es: 'Lámpara de escritorio LED', en: 'LED desk lamp', pt: 'Luminária de mesa LED' },
  },
  {
    sku: 'BK-PACK-20',
    product_id: 'prod_backpack_20',
    category: 'bags',
    price: 69,
    name: { es: 'Mochila urbana 20 L', en: '20 L city backpack', pt: 'Mochila urbana 20 L' },
  },
];

/** Extras added to some orders. */
export const DEMO_ACCESSORIES: readonly DemoProduct[] = [
  {
    sku: 'CBL-USBC-2M',
    product_id: 'prod_cable_usbc',
    category: 'accessories',
    price: 9.5,
    name: { es: 'Cable USB-C 2 m', en: 'USB-C cable 2 m', pt: 'Cabo USB-C 2 m' },
  },
  {
    sku: 'CASE-TRVL',
    product_id: 'prod_travel_case',
    category: 'accessories',
    price: 19,
    name: { es: 'Funda de viaje', en: 'Travel case', pt: 'Estojo de viagem' },
  },
];

/** The SaaS product the `saas` customers sign up to. */
export const SAAS_PRODUCT_ID = 'prod_cloud_reports';
export const SAAS_PLANS = ['starter-trial', 'pro-trial', 'team-trial'] as const;
export const SAAS_FEATURES = ['report_builder', 'dashboards', 'scheduled_exports', 'team_invites'] as const;
export const SAAS_MILESTONES = ['first_report', 'invited_teammate', 'ten_exports'] as const;

/** What one unit of each currency is worth in EUR, roughly: prices look local. */
export const EUR_PER_UNIT: Readonly<Record<string, number>> = {
  EUR: 1,
  USD: 0.92,
  GBP: 1.17,
  MXN: 0.054,
  ARS: 0.001,
  BRL: 0.18,
};

export const CARRIERS = ['DHL', 'UPS', 'FedEx', 'GLS', 'Correos', 'CTT'] as const;

export const TICKET_SUBJECTS: Readonly<Record<DemoLanguage, readonly string[]>> = {
  es: [
    'El pedido llegó incompleto',
    'No consigo emparejar el dispositivo',
    '¿Dónde está mi pedido?',
    'El producto llegó dañado',
    'Quiero cambiar la dirección de entrega',
  ],
  en: [
    'My order arrived incomplete',
    'I cannot pair the device',
    'Where is my order?',
    'The product arrived damaged',
    'I need to change the delivery address',
  ],
  pt: [
    'O pedido chegou incompleto',
    'Não consigo emparelhar o dispositivo',
    'Onde está o meu pedido?',
    'O produto chegou danificado',
    'Quero mudar o endereço de entrega',
  ],
};

export const REFUND_REASONS: Readonly<Record<DemoLanguage, readonly string[]>> = {
  es: ['Llegó dañado', 'No es lo que esperaba', 'Llegó tarde'],
  en: ['Arrived damaged', 'Not what I expected', 'Arrived too late'],
  pt: ['Chegou danificado', 'Não era o que eu esperava', 'Chegou atrasado'],
};

/** Survey comments by sentiment. */
export const SURVEY_COMMENTS: Readonly<Record<DemoLanguage, Readonly<Record<'good' | 'fair' | 'bad', string[]>>>> = {
  es: {
    good: ['Llegó rápido y funciona perfecto', 'Muy buena calidad, lo recomiendo', 'Todo genial, gracias'],
    fair: ['Bien, aunque el envío tardó un poco', 'Correcto, las instrucciones podrían ser más claras'],
    bad: ['Llegó con un golpe y nadie me responde', 'No funciona como esperaba', 'El envío fue un desastre'],
  },
  en: {
    good: ['Fast delivery and works perfectly', 'Great quality, would recommend', 'Loving it, thanks!'],
    fair: ['Fine, though shipping took a while', 'OK, the instructions could be clearer'],
    bad: ['It arrived damaged and nobody answers', 'Does not work as advertised', 'Shipping was a mess'],
  },
  pt: {
    good: ['Chegou rápido e funciona perfeitamente', 'Ótima qualidade, recomendo', 'Adorei, obrigado!'],
    fair: ['Bom, mas a entrega demorou um pouco', 'Ok, as instruções podiam ser mais claras'],
    bad: ['Chegou danificado e ninguém responde', 'Não funciona como esperado', 'A entrega foi um desastre'],
  },
};

/** Removes accents and anything else an email local part should not carry. */
export function emailPart(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}
