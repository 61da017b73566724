/** A word in both catalogue languages. */
export type Word = readonly [ko: string, en: string];

export interface SubcategoryWords {
  name: Word;
  nouns: readonly Word[];
}

export interface DepartmentWords {
  name: Word;
  brands: readonly Word[];
  /** Third-level categories: every subcategory is split by these. */
  segments: readonly Word[];
  subcategories: readonly SubcategoryWords[];
  /** Option axes, e.g. colour × size; an option picks one value per axis. */
  optionAxes: readonly (readonly Word[])[];
  priceRangeKrw: readonly [min: number, max: number];
}

const colours: Word[] = [
  ['블랙', 'Black'],
  ['화이트', 'White'],
  ['네이비', 'Navy'],
  ['그레이', 'Grey'],
  ['베이지', 'Beige'],
  ['레드', 'Red'],
];

export const departments: readonly DepartmentWords[] = [
  {
    name: ['디지털/가전', 'Electronics'],
    brands: [
      ['삼성', 'Samsung'],
      ['LG', 'LG'],
      ['Apple', 'Apple'],
      ['소니', 'Sony'],
      ['레노버', 'Lenovo'],
      ['샤오미', 'Xiaomi'],
      ['다이슨', 'Dyson'],
    ],
    segments: [
      ['보급형', 'Entry'],
      ['중급형', 'Mid-range'],
      ['프리미엄', 'Premium'],
    ],
    subcategories: [
      {
        name: ['컴퓨터', 'Computers'],
        nouns: [
          ['노트북', 'Laptop'],
          ['데스크탑', 'Desktop'],
          ['모니터', 'Monitor'],
          ['키보드', 'Keyboard'],
          ['마우스', 'Mouse'],
        ],
      },
      {
        name: ['모바일', 'Mobile'],
        nouns: [
          ['스마트폰', 'Smartphone'],
          ['태블릿', 'Tablet'],
          ['스마트워치', 'Smartwatch'],
          ['보조배터리', 'Power Bank'],
        ],
      },
      {
        name: ['음향기기', 'Audio'],
        nouns: [
          ['무선 이어폰', 'Wireless Earbuds'],
          ['헤드폰', 'Headphones'],
          ['블루투스 스피커', 'Bluetooth Speaker'],
          ['사운드바', 'Soundbar'],
        ],
      },
      {
        name: ['생활가전', 'Home Appliances'],
        nouns: [
          ['청소기', 'Vacuum Cleaner'],
          ['공기청정기', 'Air Purifier'],
          ['가습기', 'Humidifier'],
          ['드라이기', 'Hair Dryer'],
        ],
      },
      {
        name: ['주방가전', 'Kitchen Appliances'],
        nouns: [
          ['전기밥솥', 'Rice Cooker'],
          ['에어프라이어', 'Air Fryer'],
          ['커피머신', 'Coffee Machine'],
          ['전자레인지', 'Microwave'],
        ],
      },
    ],
    optionAxes: [
      colours.slice(0, 4),
      [
        ['128GB', '128GB'],
        ['256GB', '256GB'],
        ['512GB', '512GB'],
      ],
    ],
    priceRangeKrw: [19_000, 3_500_000],
  },
  {
    name: ['패션의류', 'Fashion'],
    brands: [
      ['나이키', 'Nike'],
      ['아디다스', 'Adidas'],
      ['유니클로', 'Uniqlo'],
      ['자라', 'Zara'],
      ['무신사 스탠다드', 'Musinsa Standard'],
      ['노스페이스', 'The North Face'],
    ],
    segments: [
      ['남성', 'Men'],
      ['여성', 'Women'],
      ['아동', 'Kids'],
      ['유니섹스', 'Unisex'],
    ],
    subcategories: [
      {
        name: ['상의', 'Tops'],
        nouns: [
          ['티셔츠', 'T-Shirt'],
          ['셔츠', 'Shirt'],
          ['맨투맨', 'Sweatshirt'],
          ['니트', 'Knit Sweater'],
          ['후드티', 'Hoodie'],
        ],
      },
      {
        name: ['하의', 'Bottoms'],
        nouns: [
          ['청바지', 'Jeans'],
          ['슬랙스', 'Slacks'],
          ['반바지', 'Shorts'],
          ['조거팬츠', 'Jogger Pants'],
        ],
      },
      {
        name: ['아우터', 'Outerwear'],
        nouns: [
          ['패딩', 'Puffer Jacket'],
          ['코트', 'Coat'],
          ['바람막이', 'Windbreaker'],
          ['가디건', 'Cardigan'],
        ],
      },
      {
        name: ['신발', 'Shoes'],
        nouns: [
          ['운동화', 'Sneakers'],
          ['러닝화', 'Running Shoes'],
          ['샌들', 'Sandals'],
          ['부츠', 'Boots'],
        ],
      },
      {
        name: ['가방', 'Bags'],
        nouns: [
          ['백팩', 'Backpack'],
          ['토트백', 'Tote Bag'],
          ['크로스백', 'Crossbody Bag'],
        ],
      },
    ],
    optionAxes: [
      colours,
      [
        ['S', 'S'],
        ['M', 'M'],
        ['L', 'L'],
        ['XL', 'XL'],
      ],
    ],
    priceRangeKrw: [9_900, 450_000],
  },
  {
    name: ['식품', 'Food'],
    brands: [
      ['CJ', 'CJ'],
      ['오뚜기', 'Ottogi'],
      ['농심', 'Nongshim'],
      ['풀무원', 'Pulmuone'],
      ['스타벅스', 'Starbucks'],
      ['동서', 'Dongsuh'],
    ],
    segments: [
      ['국산', 'Domestic'],
      ['수입', 'Imported'],
      ['유기농', 'Organic'],
      ['선물세트', 'Gift Sets'],
    ],
    subcategories: [
      {
        name: ['커피/차', 'Coffee & Tea'],
        nouns: [
          ['원두 커피', 'Coffee Beans'],
          ['캡슐 커피', 'Coffee Capsules'],
          ['녹차', 'Green Tea'],
          ['믹스 커피', 'Instant Coffee'],
        ],
      },
      {
        name: ['간편식', 'Ready Meals'],
        nouns: [
          ['즉석밥', 'Instant Rice'],
          ['라면', 'Ramyeon'],
          ['냉동 만두', 'Frozen Dumplings'],
          ['컵밥', 'Cup Rice'],
        ],
      },
      {
        name: ['과일/채소', 'Fruit & Vegetables'],
        nouns: [
          ['사과', 'Apples'],
          ['귤', 'Tangerines'],
          ['고구마', 'Sweet Potatoes'],
          ['샐러드', 'Salad Mix'],
        ],
      },
      {
        name: ['과자/간식', 'Snacks'],
        nouns: [
          ['감자칩', 'Potato Chips'],
          ['초콜릿', 'Chocolate'],
          ['견과류', 'Mixed Nuts'],
          ['젤리', 'Jelly'],
        ],
      },
    ],
    optionAxes: [
      [
        ['1개', '1 pack'],
        ['3개', '3 packs'],
        ['6개', '6 packs'],
        ['12개', '12 packs'],
      ],
    ],
    priceRangeKrw: [2_500, 89_000],
  },
  {
    name: ['스포츠/레저', 'Sports & Outdoors'],
    brands: [
      ['나이키', 'Nike'],
      ['아디다스', 'Adidas'],
      ['블랙야크', 'Black Yak'],
      ['코오롱', 'Kolon'],
      ['언더아머', 'Under Armour'],
    ],
    segments: [
      ['입문용', 'Beginner'],
      ['전문가용', 'Pro'],
    ],
    subcategories: [
      {
        name: ['캠핑', 'Camping'],
        nouns: [
          ['텐트', 'Tent'],
          ['캠핑 의자', 'Camping Chair'],
          ['침낭', 'Sleeping Bag'],
          ['랜턴', 'Lantern'],
        ],
      },
      {
        name: ['헬스', 'Fitness'],
        nouns: [
          ['덤벨', 'Dumbbell'],
          ['요가매트', 'Yoga Mat'],
          ['폼롤러', 'Foam Roller'],
          ['프로틴', 'Protein Powder'],
        ],
      },
      {
        name: ['자전거', 'Cycling'],
        nouns: [
          ['자전거', 'Bicycle'],
          ['헬멧', 'Helmet'],
          ['자전거 라이트', 'Bike Light'],
        ],
      },
      {
        name: ['골프', 'Golf'],
        nouns: [
          ['골프공', 'Golf Balls'],
          ['드라이버', 'Driver'],
          ['골프 장갑', 'Golf Glove'],
        ],
      },
    ],
    optionAxes: [colours.slice(0, 3)],
    priceRangeKrw: [5_000, 1_200_000],
  },
  {
    name: ['뷰티', 'Beauty'],
    brands: [
      ['아모레퍼시픽', 'Amorepacific'],
      ['설화수', 'Sulwhasoo'],
      ['이니스프리', 'Innisfree'],
      ['라네즈', 'Laneige'],
      ['닥터자르트', 'Dr.Jart+'],
    ],
    segments: [
      ['건성', 'Dry Skin'],
      ['지성', 'Oily Skin'],
      ['민감성', 'Sensitive Skin'],
    ],
    subcategories: [
      {
        name: ['스킨케어', 'Skincare'],
        nouns: [
          ['토너', 'Toner'],
          ['세럼', 'Serum'],
          ['수분크림', 'Moisturizer'],
          ['선크림', 'Sunscreen'],
        ],
      },
      {
        name: ['메이크업', 'Makeup'],
        nouns: [
          ['쿠션', 'Cushion Foundation'],
          ['립스틱', 'Lipstick'],
          ['아이섀도', 'Eyeshadow'],
        ],
      },
      {
        name: ['헤어/바디', 'Hair & Body'],
        nouns: [
          ['샴푸', 'Shampoo'],
          ['바디로션', 'Body Lotion'],
          ['핸드크림', 'Hand Cream'],
        ],
      },
    ],
    optionAxes: [
      [
        ['30ml', '30ml'],
        ['50ml', '50ml'],
        ['100ml', '100ml'],
      ],
    ],
    priceRangeKrw: [6_000, 280_000],
  },
  {
    name: ['홈/리빙', 'Home & Living'],
    brands: [
      ['한샘', 'Hanssem'],
      ['이케아', 'IKEA'],
      ['락앤락', 'Lock&Lock'],
      ['코렐', 'Corelle'],
      ['까사미아', 'Casamia'],
    ],
    segments: [
      ['원룸', 'Studio'],
      ['가족용', 'Family'],
      ['프리미엄', 'Premium'],
    ],
    subcategories: [
      {
        name: ['가구', 'Furniture'],
        nouns: [
          ['책상', 'Desk'],
          ['의자', 'Chair'],
          ['소파', 'Sofa'],
          ['수납장', 'Storage Cabinet'],
        ],
      },
      {
        name: ['침구', 'Bedding'],
        nouns: [
          ['이불', 'Duvet'],
          ['베개', 'Pillow'],
          ['매트리스', 'Mattress'],
        ],
      },
      {
        name: ['주방용품', 'Kitchenware'],
        nouns: [
          ['프라이팬', 'Frying Pan'],
          ['밀폐용기', 'Food Container'],
          ['식기세트', 'Dinnerware Set'],
          ['텀블러', 'Tumbler'],
        ],
      },
      {
        name: ['인테리어', 'Decor'],
        nouns: [
          ['무드등', 'Mood Lamp'],
          ['러그', 'Rug'],
          ['커튼', 'Curtain'],
        ],
      },
    ],
    optionAxes: [colours.slice(1, 5)],
    priceRangeKrw: [4_900, 1_500_000],
  },
  {
    name: ['도서', 'Books'],
    brands: [
      ['민음사', 'Minumsa'],
      ['문학동네', 'Munhakdongne'],
      ['창비', 'Changbi'],
      ['한빛미디어', 'Hanbit Media'],
    ],
    segments: [
      ['국내도서', 'Korean'],
      ['외국도서', 'Foreign'],
      ['eBook', 'eBook'],
    ],
    subcategories: [
      {
        name: ['소설', 'Fiction'],
        nouns: [
          ['장편소설', 'Novel'],
          ['단편집', 'Short Stories'],
          ['추리소설', 'Mystery Novel'],
        ],
      },
      {
        name: ['IT/컴퓨터', 'Computing'],
        nouns: [
          ['프로그래밍 입문서', 'Programming Primer'],
          ['데이터베이스 가이드', 'Database Guide'],
          ['클라우드 교과서', 'Cloud Handbook'],
        ],
      },
      {
        name: ['자기계발', 'Self-Help'],
        nouns: [
          ['습관 수업', 'Habits Book'],
          ['시간 관리법', 'Time Management Guide'],
        ],
      },
    ],
    optionAxes: [
      [
        ['일반판', 'Standard'],
        ['양장본', 'Hardcover'],
      ],
    ],
    priceRangeKrw: [8_000, 65_000],
  },
  {
    name: ['유아/완구', 'Kids & Toys'],
    brands: [
      ['레고', 'LEGO'],
      ['피셔프라이스', 'Fisher-Price'],
      ['영실업', 'Young Toys'],
      ['하기스', 'Huggies'],
    ],
    segments: [
      ['0-3세', 'Ages 0-3'],
      ['4-7세', 'Ages 4-7'],
      ['8세 이상', 'Ages 8+'],
    ],
    subcategories: [
      {
        name: ['장난감', 'Toys'],
        nouns: [
          ['블록 세트', 'Building Set'],
          ['인형', 'Doll'],
          ['RC카', 'RC Car'],
          ['퍼즐', 'Puzzle'],
        ],
      },
      {
        name: ['유아용품', 'Baby Care'],
        nouns: [
          ['기저귀', 'Diapers'],
          ['물티슈', 'Baby Wipes'],
          ['젖병', 'Baby Bottle'],
        ],
      },
      {
        name: ['학습', 'Learning'],
        nouns: [
          ['스케치북', 'Sketchbook'],
          ['색연필', 'Coloured Pencils'],
          ['학습 교구', 'Learning Kit'],
        ],
      },
    ],
    optionAxes: [
      [
        ['기본', 'Standard'],
        ['대용량', 'Large'],
      ],
    ],
    priceRangeKrw: [3_000, 350_000],
  },
];

export const adjectives: readonly Word[] = [
  ['초경량', 'Ultralight'],
  ['프리미엄', 'Premium'],
  ['베이직', 'Basic'],
  ['클래식', 'Classic'],
  ['슬림', 'Slim'],
  ['무선', 'Wireless'],
  ['오버핏', 'Oversized'],
  ['친환경', 'Eco-friendly'],
  ['대용량', 'Large-capacity'],
  ['미니', 'Mini'],
  ['스마트', 'Smart'],
  ['데일리', 'Everyday'],
  ['고급형', 'Deluxe'],
  ['휴대용', 'Portable'],
  ['신상', 'New'],
];

export const shopWords = {
  prefixes: [
    '행복',
    '바른',
    '하늘',
    '미소',
    '한빛',
    '푸른',
    '별빛',
    '우리',
    '든든',
    '새봄',
    '정직',
    '온누리',
  ] as const,
  suffixes: ['상회', '마켓', '스토어', '몰', '샵', '유통', '리빙', '컴퍼니'] as const,
};

export const tagWords: readonly Word[] = [
  ['무료배송', 'free-shipping'],
  ['로켓배송', 'fast-delivery'],
  ['당일발송', 'same-day-dispatch'],
  ['신상품', 'new-arrival'],
  ['베스트', 'best-seller'],
  ['할인', 'on-sale'],
  ['한정판', 'limited-edition'],
  ['친환경', 'eco'],
  ['국내생산', 'made-in-korea'],
  ['해외직구', 'overseas'],
  ['선물추천', 'gift-idea'],
  ['1+1', 'buy-one-get-one'],
  ['리퍼', 'refurbished'],
  ['정품인증', 'authentic'],
  ['최저가', 'lowest-price'],
  ['MD추천', 'editors-pick'],
  ['리뷰이벤트', 'review-event'],
  ['대량구매', 'bulk-buy'],
  ['캠핑필수', 'camping-essential'],
  ['홈카페', 'home-cafe'],
  ['재택근무', 'work-from-home'],
  ['신학기', 'back-to-school'],
  ['명절선물', 'holiday-gift'],
  ['비건', 'vegan'],
];
